// The spec change this test makes, as a team evolving the API would: an optional request
// property, an optional response property with an example, and a new value of an enum. Each
// language's program (programs/) uses them in its layer's public forms, with no other edit.
import { parseDocument } from "yaml";

/** A new optional property of getConnectionInfo's request body (GetConnectionInfoRequest). */
export const LOCALE = {
  name: "locale",
  value: "en-GB",
  schema: {
    type: "string",
    description: "The user's language, as a BCP 47 tag.",
    minLength: 2,
    maxLength: 35,
    example: "en-GB",
  },
};

/** A new optional property of the answer's data (ConnectionInfo), with the example the mock answers. */
export const EXPIRES_AT = {
  name: "expiresAt",
  example: "2026-12-06T10:00:00Z",
  schema: {
    type: "string",
    format: "date-time",
    description: "When the connectParam expires.",
    example: "2026-12-06T10:00:00Z",
  },
};

/**
 * A new value of the Role enum: a third side that watches a room. Role is the one enum of a
 * request, so every layer must accept the value before sending it (its pre-send checks read the
 * generated enum) and send it; the mock takes the roles from the spec it serves.
 */
export const OBSERVER = "observer";

/** The spec's text with the three changes; its comments and layout otherwise kept. */
export function evolve(specText) {
  const document = parseDocument(specText);
  if (document.errors.length > 0) throw new Error(`the spec does not parse: ${document.errors[0].message}`);
  const schemas = ["components", "schemas"];
  for (const [schema, property] of [
    ["GetConnectionInfoRequest", LOCALE],
    ["ConnectionInfo", EXPIRES_AT],
  ]) {
    const at = [...schemas, schema, "properties"];
    if (!document.hasIn(at))
      throw new Error(`the spec has no ${at.join(".")}: update lib/evolution.mjs to where the spec keeps it`);
    if (document.hasIn([...at, property.name]))
      throw new Error(`the spec already has ${at.join(".")}.${property.name}: pick another new property`);
    document.setIn([...at, property.name], document.createNode(property.schema));
  }
  const roles = document.getIn([...schemas, "Role", "enum"]);
  if (!roles?.items) throw new Error("the spec has no components.schemas.Role.enum: update lib/evolution.mjs");
  if (roles.items.some((item) => item.value === OBSERVER))
    throw new Error(`Role already has ${OBSERVER}: pick another new value`);
  roles.add(document.createNode(OBSERVER));
  return document.toString({ lineWidth: 0 });
}
