// SARIF 2.1.0 (what code-scanning dashboards read): one rule per check, one result per kind of
// failure found (its fingerprint), located at the line and column of the broken rule in the spec
// file (the failure's JSON pointer mapped through the YAML source), with its provenance, the
// replay command, and, with a baseline, its baseline state (accepted ones suppressed).
import { isAbsolute, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { type Region, SpecLocator, shippedSpecFile } from "../spec-source.js";
import type { BaselineEntry, CheckResult, Failure, FailureSignature, Report } from "../types.js";

export interface SarifOptions {
  /** The spec file the run held the target to (`--spec FILE`); default: the shipped one. */
  specFile?: string;
  /** Artifact URIs are relative to this directory when the spec file is below it (default: the working directory). */
  root?: string;
}

type Json = Record<string, unknown>;

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const HOMEPAGE = "https://github.com/cec-cobrowse/cec-cobrowse/tree/main/packages/contract-tests#readme";

function replayOf(report: Report, failure: Failure | undefined): string {
  if (failure?.replayFile)
    return `cobrowse-contract --replay ${failure.replayFile}${failure.replay.mode === "check" ? " (runs the check again)" : ""}`;
  return report.replay;
}

export function sarifReport(report: Report, options: SarifOptions = {}): string {
  const specFile = options.specFile ?? shippedSpecFile();
  const root = options.root ?? process.cwd();
  const locator = new SpecLocator(specFile);
  const rel = relative(root, specFile);
  const inside = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  const artifact: Json = inside
    ? { uri: rel.split("\\").join("/"), uriBaseId: "SRCROOT" }
    : { uri: pathToFileURL(specFile).href };
  const baselined = report.baseline !== undefined;

  const location = (pointer: string): Json => {
    const found = locator.locate(pointer);
    const physical: Json = { artifactLocation: { ...artifact, index: 0 } };
    if (found) physical.region = found.region satisfies Region;
    return {
      physicalLocation: physical,
      logicalLocations: [{ fullyQualifiedName: pointer, kind: "member" }],
      ...(found && !found.exact ? { message: { text: `${pointer} (its nearest ancestor in the file)` } } : {}),
    };
  };

  const level = (provenance: string) =>
    provenance === "decision" && report.profile === "vendor" ? "warning" : "error";

  const rules = report.results.map((r) => ({
    id: r.id,
    shortDescription: { text: r.title },
    fullDescription: { text: `${r.title} (enforces ${r.specLocations.join(", ")})` },
    helpUri: HOMEPAGE,
    defaultConfiguration: { level: "error" },
    properties: { provenance: r.provenance, specLocations: r.specLocations },
  }));
  const ruleIndex = new Map(report.results.map((r, i) => [r.id, i]));

  const resultOf = (r: CheckResult, s: FailureSignature): Json => {
    const failure = r.failures.find((f) => f.fingerprint === s.fingerprint);
    const replay = replayOf(report, failure);
    const text = `[${s.provenance}] ${failure?.message ?? s.message}${s.count > 1 ? ` (${s.count} times)` : ""}. Spec: ${s.specLocation}. Replay: ${replay}`;
    const result: Json = {
      ruleId: r.id,
      ruleIndex: ruleIndex.get(r.id),
      kind: "fail",
      level: level(s.provenance),
      message: { text },
      locations: [location(s.specLocation)],
      partialFingerprints: { "cobrowseContract/v1": s.fingerprint },
      properties: {
        provenance: s.provenance,
        ...(failure?.provenanceEntry ? { provenanceEntry: failure.provenanceEntry } : {}),
        specLocation: s.specLocation,
        ...(s.rule ? { rule: s.rule } : {}),
        ...(s.operationId ? { operationId: s.operationId } : {}),
        ...(s.status !== undefined ? { status: s.status } : {}),
        count: s.count,
        replay,
        ...(failure?.curl ? { curl: failure.curl } : {}),
        profile: report.profile,
      },
    };
    if (baselined) {
      result.baselineState = s.baselined ? "unchanged" : "new";
      if (s.baselined)
        result.suppressions = [
          {
            kind: "external",
            status: "accepted",
            justification: `listed in the baseline${report.baseline?.file ? ` ${report.baseline.file}` : ""}`,
          },
        ];
    }
    return result;
  };

  const absent = (e: BaselineEntry): Json => ({
    ruleId: e.check,
    ...(ruleIndex.has(e.check) ? { ruleIndex: ruleIndex.get(e.check) } : {}),
    kind: "pass",
    level: "none",
    baselineState: "absent",
    message: {
      text: `no longer fails: [${e.provenance}] ${e.message}. Spec: ${e.specLocation}. Drop it from the baseline with --update-baseline`,
    },
    locations: [location(e.specLocation)],
    partialFingerprints: { "cobrowseContract/v1": e.fingerprint },
    properties: {
      provenance: e.provenance,
      specLocation: e.specLocation,
      ...(e.operation ? { operationId: e.operation } : {}),
    },
  });

  const results = [
    ...report.results.flatMap((r) => (r.signatures ?? []).map((s) => resultOf(r, s))),
    ...(report.baseline?.disappeared ?? []).map(absent),
  ];
  const sarif = {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "cobrowse-contract",
            fullName: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: HOMEPAGE,
            rules,
          },
        },
        ...(inside
          ? { originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(root.endsWith("/") ? root : `${root}/`).href } } }
          : {}),
        artifacts: [{ location: artifact, description: { text: `${report.spec.title} ${report.spec.version}` } }],
        invocations: [
          {
            executionSuccessful: true,
            ...(report.replay ? { commandLine: report.replay } : {}),
            startTimeUtc: report.startedAt,
            properties: {
              target: report.target,
              profile: report.profile,
              ok: report.ok,
              summary: report.summary,
              ...(report.traffic ? { traffic: report.traffic } : { seed: report.seed }),
            },
          },
        ],
        results,
        properties: {
          coverage: {
            percent: report.coverage.percent,
            exercised: report.coverage.exercised,
            total: report.coverage.total,
          },
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
