// The analysis core bundled as the server ships it, so benchmarks that call it in-process time the
// production build rather than the TypeScript loader's output (built by `npm run bench`).
export { DocumentModel } from '../../server/src/analysis/documentModel';
export { lint } from '../../server/src/analysis/lint';
