export { DocumentModel } from '../../server/src/analysis/documentModel';
export { lint } from '../../server/src/analysis/lint';
export { allRules } from '../../server/src/analysis/rules';
export { validate } from 'dockerfile-utils';
export { DockerfileParser } from 'dockerfile-ast';
