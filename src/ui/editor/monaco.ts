// Monaco, set up for handler code. This module is only ever imported dynamically (when the Code
// tab first opens), so monaco and its workers never weigh on first paint. It registers the
// TypeScript language with the handler typings (generated from the engine's API) and lib
// ES2022 only, so the editor flags exactly what the sandbox would refuse.

import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/typescript/register';
// The editor contributions (code lens, inlay hints, suggest…) and the services they need. The
// TypeScript mode would otherwise load them lazily, after the first editor registered monaco's
// services: every later editor then fails with "depends on UNKNOWN service ICodeLensCache".
import 'monaco-editor/internal/common/workers';
import { typescriptDefaults, ScriptTarget, ModuleKind, ModuleResolutionKind } from 'monaco-editor/languages/features/typescript/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
// The scenario editor's JSON pane (scenario-editor/json-monaco.ts) shares this monaco.
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import { handlerTypings } from './typings-source';

(globalThis as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment = {
  getWorker: (_id, label) => (label === 'typescript' || label === 'javascript' ? new TsWorker() : label === 'json' ? new JsonWorker() : new EditorWorker()),
};

typescriptDefaults.setCompilerOptions({
  target: ScriptTarget.ES2020,
  lib: ['es2022'],
  module: ModuleKind.ESNext,
  moduleResolution: ModuleResolutionKind.NodeJs,
  allowNonTsExtensions: true,
  strict: false,
  noEmit: true,
});
typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
typescriptDefaults.addExtraLib(handlerTypings, 'file:///node_modules/@types/brokerlab/index.d.ts');

export { monaco };
