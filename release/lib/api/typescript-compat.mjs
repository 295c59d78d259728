// Whether a TypeScript package's public declarations (an api-extractor .d.ts rollup) are
// compatible with the last release's, decided by the TypeScript compiler itself: for every
// export of the old rollup, a few assignments between the old and the new declaration are
// type-checked in one program, and each error is the explanation of an incompatibility.
//
//   values (functions, constants, classes)   the new one is usable wherever the old one was:
//                                            `typeof new` is assignable to `typeof old`
//   types (interfaces, type aliases)         every value of the old type is one of the new
//                                            (old assignable to new): a new required property,
//                                            a narrowed or changed type break; a new optional
//                                            property or a new union/enum member does not
//   members (interfaces, aliases, classes)   no property of the old type is gone, at any depth,
//                                            optional ones included (a "skeleton" of each type,
//                                            its keys made required and its leaves `unknown`)
//
// Private members (`private x;`, `#private;`) are not API and are dropped before comparing
// (they also make classes nominal, so two declarations of one class would never match);
// protected members are compared as public ones. Type parameters are instantiated with `any`.
import { dirname, join } from "node:path";
import ts from "typescript";
import { root } from "../common.mjs";

const VIRTUAL = "/__cec_cobrowse_api_check__";

/**
 * Compares each entry's old and new rollup.
 * @param {{ name: string, oldText: string, newText: string, resolveFrom: string }[]} entries
 *   `resolveFrom`: the package folder the rollups' imports of other packages resolve from.
 * @returns {Map<string, { removed: string[], added: string[], incompatible: { name: string, message: string }[], changed: string[] }>}
 */
export function compareRollups(entries) {
  const results = new Map();
  const files = new Map();
  const checks = [];
  entries.forEach((entry, index) => {
    const oldText = normalize(entry.oldText);
    const newText = normalize(entry.newText);
    const result = { removed: [], added: [], incompatible: [], changed: [] };
    results.set(entry.name, result);
    if (oldText === newText) return;
    const dir = `${VIRTUAL}/${index}`;
    files.set(`${dir}/old.d.ts`, oldText);
    files.set(`${dir}/new.d.ts`, newText);
    checks.push({ entry, dir, result, oldText, newText });
  });
  if (checks.length === 0) return results;

  const options = compilerOptions();
  const host = virtualHost(options, files, new Map(checks.map(({ dir, entry }) => [dir, entry.resolveFrom])));
  const declarations = ts.createProgram([...files.keys()], options, host);
  const checker = declarations.getTypeChecker();

  for (const check of checks) {
    const oldExports = exportsOf(checker, declarations.getSourceFile(`${check.dir}/old.d.ts`));
    const newExports = exportsOf(checker, declarations.getSourceFile(`${check.dir}/new.d.ts`));
    check.result.removed = [...oldExports.keys()].filter((name) => !newExports.has(name)).sort();
    check.result.added = [...newExports.keys()].filter((name) => !oldExports.has(name)).sort();
    check.kept = [...oldExports].filter(([name]) => newExports.has(name));
    check.result.changed = changedDeclarations(check.oldText, check.newText, new Set(oldExports.keys())).filter(
      (name) => !check.result.removed.includes(name),
    );
  }

  // One check file per entry, one line per assignment, so that each error names its export.
  const lines = new Map();
  for (const check of checks) {
    const file = `${check.dir}/check.ts`;
    const source = [
      'import type * as O from "./old";',
      'import type * as N from "./new";',
      "type Skeleton<T> = T extends (...args: never[]) => unknown ? unknown : T extends readonly (infer E)[] ? Skeleton<E>[] : T extends object ? { [K in keyof T]-?: Skeleton<NonNullable<T[K]>> } : unknown;",
    ];
    const meta = [];
    for (const [name, symbol] of check.kept) {
      const args = symbol.typeParameters > 0 ? `<${Array(symbol.typeParameters).fill("any").join(", ")}>` : "";
      const line = (kind, text) => {
        meta[source.length] = { name, kind };
        source.push(text);
      };
      // Parameters, not initialised constants: a constant of a union type would be narrowed by its initialiser.
      if (symbol.value) line("value", `((n: typeof N.${name}): typeof O.${name} => n);`);
      if (symbol.type && !symbol.class) line("type", `((o: O.${name}${args}): N.${name}${args} => o);`);
      if (symbol.type) line("members", `((n: Skeleton<N.${name}${args}>): Skeleton<O.${name}${args}> => n);`);
    }
    files.set(file, `${source.join("\n")}\n`);
    lines.set(file, { check, meta });
  }
  const program = ts.createProgram([...files.keys()], options, host, declarations);
  for (const [file, { check, meta }] of lines) {
    const sourceFile = program.getSourceFile(file);
    const found = new Map();
    for (const diagnostic of [
      ...program.getSyntacticDiagnostics(sourceFile),
      ...program.getSemanticDiagnostics(sourceFile),
    ]) {
      const line =
        diagnostic.start === undefined ? -1 : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line;
      const at = meta[line];
      if (!at)
        throw new Error(
          `the API check of ${check.entry.name} does not compile: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`,
        );
      if (diagnostic.code === 2589) continue; // "excessively deep": too recursive to compare member by member; the assignments still decide
      // The first reason per export is enough to name the break (a removed method fails both the value and the members check).
      if (!found.has(at.name))
        found.set(at.name, { name: at.name, message: `${WHAT[at.kind]}: ${readable(diagnostic.messageText)}` });
    }
    check.result.incompatible = [...found.values()];
  }
  return results;
}

const WHAT = {
  value: "the new one cannot be used where the old one was",
  type: "a value of the old type is not one of the new type",
  members: "a property of the old type is gone",
};

/** The rollup without comments and private members, printed canonically. */
export function normalize(text) {
  const source = ts.createSourceFile("rollup.d.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const dropPrivate = (context) => {
    const visit = (node) => {
      if (ts.isClassDeclaration(node)) {
        const members = node.members
          .filter((member) => !(member.name && ts.isPrivateIdentifier(member.name)))
          .filter(
            (member) =>
              ts.isConstructorDeclaration(member) || !(ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Private),
          )
          .map((member) =>
            !ts.isConstructorDeclaration(member) && ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Protected
              ? ts.factory.replaceModifiers(
                  member,
                  (member.modifiers ?? []).filter((m) => m.kind !== ts.SyntaxKind.ProtectedKeyword),
                )
              : member,
          );
        return ts.factory.updateClassDeclaration(
          node,
          node.modifiers,
          node.name,
          node.typeParameters,
          node.heritageClauses,
          members,
        );
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (file) => ts.visitNode(file, visit);
  };
  const [file] = ts.transform(source, [dropPrivate]).transformed;
  return ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed }).printFile(file);
}

/** Export name → { value, type, class, typeParameters } of a rollup. */
function exportsOf(checker, sourceFile) {
  const exports = new Map();
  const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
  if (!moduleSymbol) return exports;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const generic = (symbol.declarations ?? []).find(
      (d) =>
        (ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d) || ts.isClassDeclaration(d)) && d.typeParameters,
    );
    exports.set(exported.name, {
      value: Boolean(symbol.flags & ts.SymbolFlags.Value),
      type: Boolean(symbol.flags & ts.SymbolFlags.Type),
      class: Boolean(symbol.flags & ts.SymbolFlags.Class),
      typeParameters: generic?.typeParameters.length ?? 0,
    });
  }
  return exports;
}

/** Names whose declarations differ between the two printed rollups (exported ones by name, others marked "(not exported)"). */
function changedDeclarations(oldText, newText, exported) {
  const declared = (text) => {
    const byName = new Map();
    const source = ts.createSourceFile("rollup.d.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    for (const statement of source.statements) {
      const names = ts.isVariableStatement(statement)
        ? statement.declarationList.declarations.map((d) => d.name.getText(source))
        : statement.name && !ts.isImportDeclaration(statement)
          ? [statement.name.getText(source)]
          : [];
      for (const name of names) byName.set(name, `${byName.get(name) ?? ""}${statement.getText(source)}\n`);
    }
    return byName;
  };
  const before = declared(oldText);
  const after = declared(newText);
  return [...before.keys()]
    .filter((name) => after.has(name) && after.get(name) !== before.get(name))
    .map((name) => (exported.has(name) ? name : `${name} (not exported; used by the exports)`))
    .sort();
}

function compilerOptions() {
  return {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    esModuleInterop: true,
    allowSyntheticDefaultImports: true,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: ["node"],
    typeRoots: [join(root, "node_modules", "@types")],
  };
}

/** A compiler host serving the virtual rollups and checks; their imports resolve from each entry's package folder. */
function virtualHost(options, files, resolveFrom) {
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile, directoryExists } = host;
  const virtual = (path) => path.startsWith(`${VIRTUAL}/`);
  host.getSourceFile = (fileName, language, onError) =>
    files.has(fileName)
      ? ts.createSourceFile(fileName, files.get(fileName), language, true)
      : getSourceFile.call(host, fileName, language, onError);
  host.fileExists = (fileName) => files.has(fileName) || (!virtual(fileName) && fileExists.call(host, fileName));
  host.readFile = (fileName) => files.get(fileName) ?? (virtual(fileName) ? undefined : readFile.call(host, fileName));
  host.directoryExists = (dir) =>
    virtual(dir)
      ? [...files.keys()].some((file) => file.startsWith(`${dir}/`))
      : (directoryExists?.call(host, dir) ?? true);
  host.resolveModuleNameLiterals = (literals, containingFile, _redirect, compilerOptions) =>
    literals.map(({ text }) => {
      if (!virtual(containingFile)) return ts.resolveModuleName(text, containingFile, compilerOptions, host);
      if (text === "./old" || text === "./new") {
        return {
          resolvedModule: {
            resolvedFileName: join(dirname(containingFile), `${text.slice(2)}.d.ts`),
            extension: ts.Extension.Dts,
            isExternalLibraryImport: false,
          },
        };
      }
      return ts.resolveModuleName(
        text,
        join(resolveFrom.get(dirname(containingFile)), "index.d.ts"),
        compilerOptions,
        host,
      );
    });
  return host;
}

/** The compiler's message, with the check's own names taken out, at most a few lines. */
function readable(messageText) {
  return ts
    .flattenDiagnosticMessageText(messageText, "\n")
    .replace(/import\("[^"]*__cec_cobrowse_api_check__\/\d+\/(old|new)"\)\./g, "")
    .replace(/\b[ON]\.(?=[A-Za-z_$])/g, "")
    .replace(/Skeleton<([^<>]*)>/g, "$1")
    .split("\n")
    .slice(0, 4)
    .map((line) => (line.length > 300 ? `${line.slice(0, 297)}...` : line.trim()))
    .join(" / ");
}
