import { expectTypeOf, test } from "vitest";
import type { GetConnectionInfoRequest, GetConnectionInfoResponse, paths, Role, TokenResponse } from "../src/index.js";

test("role is the two-value enum", () => {
  expectTypeOf<Role>().toEqualTypeOf<"recorder" | "replayer">();
  expectTypeOf<GetConnectionInfoRequest["role"]>().toEqualTypeOf<Role>();
});

test("token fields are strings, as the API sends them", () => {
  expectTypeOf<TokenResponse["CreateTime"]>().toEqualTypeOf<string>();
  expectTypeOf<TokenResponse["Expires"]>().toEqualTypeOf<string>();
});

test("errorCode and errorReason are required and nullable", () => {
  expectTypeOf<GetConnectionInfoResponse["errorCode"]>().toEqualTypeOf<number | null>();
  expectTypeOf<GetConnectionInfoResponse["errorReason"]>().toEqualTypeOf<string | null>();
});

test("paths carries both operations", () => {
  type Body = paths["/apiaccess/api/cobrowse/getConnectionInfo"]["post"]["requestBody"];
  expectTypeOf<NonNullable<Body>["content"]["application/json"]>().toEqualTypeOf<GetConnectionInfoRequest>();
});
