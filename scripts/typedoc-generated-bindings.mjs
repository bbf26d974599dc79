// TypeDoc plugin (typedoc.json): the provider bindings in .gen/ are generated code, documented by
// the Terraform registry. What the entry point re-exports from them (`tencentcloud`,
// `TencentcloudProvider`, `TencentcloudProviderConfig`) stays in the API reference, described by
// the doc comment written at the re-export (never by a generated one, so the check demands it),
// but without members: they are neither listed nor checked for doc comments. A type from .gen/
// that the reference names (e.g. `CkafkaCosBackup.function`, a `ScfFunction`) links to its page
// on the Terraform registry.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Converter, ReflectionKind } from 'typedoc';
import ts from 'typescript';

const GENERATED = /(^|[\\/])\.gen[\\/]/;
/** The first line of every generated file: `// https://registry.terraform.io/...`. */
const REGISTRY_LINE = /^\/\/ (https:\/\/registry\.terraform\.io\/\S+)/;

/** @param {import('typedoc').Application} app */
export function load(app) {
  // Speed only (a third of the run): never convert the generated members, rather than convert
  // them and remove them below. `shouldIgnore` is TypeDoc's internal per-symbol filter; were it
  // gone, the removal below still gives the same reference.
  const shouldIgnore = app.converter.shouldIgnore;
  let reexported = new Set();
  app.converter.on(Converter.EVENT_BEGIN, (context) => {
    reexported = new Set(
      context.programs.flatMap((program) => {
        const checker = program.getTypeChecker();
        return entryExports(app, program, checker).map((s) => resolveAlias(s, checker));
      }),
    );
  });
  if (typeof shouldIgnore === 'function') {
    app.converter.shouldIgnore = function (symbol, checker) {
      if (shouldIgnore.call(this, symbol, checker)) return true;
      const target = resolveAlias(symbol, checker);
      return isGenerated(target.declarations) && !reexported.has(target);
    };
  }

  app.converter.on(
    Converter.EVENT_CREATE_DECLARATION,
    (context, reflection) => {
      if (!reflection.parent?.isProject()) return;
      if (!isGenerated(context.getSymbolFromReflection(reflection)?.declarations)) return;
      const reexport = entryExports(app, context.program, context.checker).find((s) => s.name === reflection.name);
      reflection.comment = reexport && context.getComment(reexport, ReflectionKind.Reference);
    },
    // Before TypeDoc's comment plugin reads the comment's tags.
    100,
  );

  app.converter.on(
    Converter.EVENT_RESOLVE_BEGIN,
    (context) => {
      const project = context.project;
      for (const reexport of project.children ?? []) {
        const file = project.getSymbolIdFromReflection(reexport)?.fileName;
        if (!file || !GENERATED.test(file)) continue;
        for (const member of [...(reexport.children ?? [])]) project.removeReflection(member);
      }
    },
    // Before TypeDoc's own resolve steps, which would check the generated comments.
    100,
  );

  const registryPages = new Map();
  app.converter.addUnknownSymbolResolver((_ref, _refl, _part, symbolId) => {
    const file = symbolId?.fileName;
    if (!file || !GENERATED.test(file)) return undefined;
    if (!registryPages.has(file)) registryPages.set(file, REGISTRY_LINE.exec(readFileSync(file, 'utf8'))?.[1]);
    return registryPages.get(file);
  });
}

/** The export symbols (re-exports included, unresolved) of the entry points. */
function entryExports(app, program, checker) {
  return app.options.getValue('entryPoints').flatMap((entry) => {
    const file = program.getSourceFile(resolve(entry));
    const module = file && checker.getSymbolAtLocation(file);
    return module ? checker.getExportsOfModule(module) : [];
  });
}

function resolveAlias(symbol, checker) {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** Declared in .gen/ only. */
function isGenerated(declarations) {
  return !!declarations?.length && declarations.every((d) => GENERATED.test(d.getSourceFile().fileName));
}
