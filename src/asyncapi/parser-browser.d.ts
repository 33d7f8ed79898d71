// The AsyncAPI parser's browser bundle (UMD, no types of its own): parse.worker.ts reads its
// `Parser` class and uses it through `AsyncApiParserLike`.
declare module '@asyncapi/parser/browser/index.js' {
  const bundle: unknown;
  export default bundle;
}
