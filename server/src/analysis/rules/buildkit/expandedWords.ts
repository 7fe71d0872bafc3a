import { Workdir, type Argument } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { argumentsOf, flagsOf, propertiesOf, type InstructionReads, keywordOf, instructionTextOf } from '../../instructionFacts';
import { derivedKey, type DocumentModel } from '../../documentModel';
import type { Finding, Rule } from '../rule';
import { jsonArray } from '../image/support';
import { buildKitSuggestion } from '../reference/fromArgs';
import { environmentBefore, walkEnvironments, type InstructionEnvironment } from './environment';

/**
 * BuildKit's checks on the words it expands itself (moby/buildkit dockerfile2llb/convert.go
 * `dispatch`, convert_expose.go): RUN, CMD, ENTRYPOINT and HEALTHCHECK are left to the shell.
 */

/** The words of an instruction BuildKit expands, with where each is written. */
interface ExpandedWord {
  readonly text: string;
  readonly range: Range;
}

const FLAGS_EXPANDED: Readonly<Record<string, readonly string[]>> = { COPY: ['chown', 'chmod'], ADD: ['chown', 'chmod', 'checksum'], RUN: ['mount'] };

function wordOf(argument: Argument): ExpandedWord {
  return { text: argument.getValue(), range: argument.getRange() };
}

/** ENV and LABEL values (LABEL keys too), COPY/ADD paths and flags, RUN mount options, and single-word instructions. */
function expandedWords(environment: InstructionEnvironment, reads: InstructionReads): ExpandedWord[] {
  const { instruction, textOf } = environment;
  const keyword = keywordOf(instruction);
  const words: ExpandedWord[] = [];
  for (const flag of flagsOf(instruction, reads)) {
    const valueRange = flag.getValueRange();
    if (valueRange && FLAGS_EXPANDED[keyword]?.includes(flag.getName())) words.push({ text: textOf(valueRange), range: valueRange });
  }
  switch (keyword) {
    case 'ENV':
    case 'LABEL':
      for (const property of propertiesOf(instruction, reads)) {
        if (keyword === 'LABEL') words.push({ text: property.getName(), range: property.getNameRange() });
        const valueRange = property.getValueRange();
        if (valueRange) words.push({ text: textOf(valueRange), range: valueRange });
      }
      return words;
    case 'COPY':
    case 'ADD': {
      const json = jsonArray(instruction, reads);
      const args = argumentsOf(instruction, reads);
      // Heredoc bodies are expanded when the shell runs them, or copied as written.
      if (args.some((argument) => argument.getValue().startsWith('<<'))) return words;
      if (json) return [...words, ...json.map((text) => ({ text, range: instruction.getRange() }))];
      return [...words, ...args.map(wordOf)];
    }
    case 'WORKDIR':
    case 'USER':
    case 'STOPSIGNAL':
    case 'VOLUME':
      return [...words, ...argumentsOf(instruction, reads).map(wordOf)];
    default:
      return words;
  }
}

/** The instructions with words BuildKit expands (see expandedWords); it expands no other's. */
const KEYWORDS_EXPANDED: ReadonlySet<string> = new Set(['ENV', 'LABEL', 'COPY', 'ADD', 'RUN', 'WORKDIR', 'USER', 'STOPSIGNAL', 'VOLUME']);

export const undefinedVar: Rule = {
  code: 'UndefinedVar',
  defaultSeverity: 'warning',
  summary: 'A variable is used before any ARG or ENV defines it, and the base image does not define it either.',
  buildkit: true,
  check(model) {
    const findings: Finding[] = [];
    const reads = model.instructionReads;
    walkEnvironments(model, (environment) => {
      // Most instructions name no variable at all.
      if (!instructionTextOf(environment.instruction, reads).includes('$')) return;
      // Made on the first undefined name: most instructions name none.
      let reported: Set<string> | undefined;
      for (const word of expandedWords(environment, reads)) {
        for (const name of environment.expand(word.text).undeclared) {
          if (reported?.has(name)) continue;
          (reported ??= new Set()).add(name);
          const suggestion = buildKitSuggestion(name, environment.names());
          findings.push({
            code: this.code,
            message: `Usage of undefined variable '$${name}'${suggestion ? ` (did you mean $${suggestion}?)` : ''}`,
            range: word.range,
          });
        }
      }
    }, KEYWORDS_EXPANDED);
    return findings;
  },
};

/**
 * Only a stage's first WORKDIR is checked, after expansion (`$HOME/app` is `/app` when nothing
 * defines HOME); a stage built on another that set an absolute WORKDIR is not checked.
 */
export const workdirRelativePath: Rule = {
  code: 'WorkdirRelativePath',
  defaultSeverity: 'warning',
  summary: "A stage's first WORKDIR is relative, so it depends on the base image's working directory.",
  buildkit: true,
  check(model) {
    const findings: Finding[] = [];
    const reads = model.instructionReads;
    // The stages whose working directory a WORKDIR sets: one of their own, or one of the stage they build on.
    const workdirSet = new Set<number>();
    for (const stage of model.stageModel.stages) {
      if (stage.instructions.length === 0) continue;
      if (stage.baseStageIndex !== undefined && workdirSet.has(stage.baseStageIndex)) {
        workdirSet.add(stage.index);
        continue;
      }
      // Only the first WORKDIR is checked: the variables are worked out for it alone.
      const ordinal = stage.instructions.findIndex((instruction) => instruction instanceof Workdir);
      if (ordinal === -1) continue;
      workdirSet.add(stage.index);
      const argument = argumentsOf(stage.instructions[ordinal], reads)[0];
      const path = argument ? environmentBefore(model, stage, ordinal).expand(argument.getValue()).value : undefined;
      if (path === undefined || path.startsWith('/')) continue;
      findings.push({
        code: this.code,
        message: `Relative workdir ${JSON.stringify(path)} can have unexpected results if the base image changes`,
        range: argument.getRange(),
      });
    }
    return findings;
  },
};

const PROTOCOLS = ['tcp', 'udp', 'sctp'];

/** BuildKit's reading of one EXPOSE port: `[[ip:]hostPort:]containerPort[/proto]`, or undefined where BuildKit fails. */
function parsePort(raw: string): { readonly mapping: boolean; readonly protocol: string; readonly container: string } | undefined {
  const parts = raw.split(':');
  const [port, protocol = ''] = parts[parts.length - 1].split('/', 2);
  if (port === '' || (protocol !== '' && !PROTOCOLS.includes(protocol.toLowerCase()))) return undefined;
  return { mapping: parts.length > 1, protocol, container: parts[parts.length - 1] };
}

/** A port of an EXPOSE, as written and as BuildKit reads it once expanded. */
interface ExposedPort {
  readonly written: string;
  readonly raw: string;
  readonly range: Range;
  readonly port: NonNullable<ReturnType<typeof parsePort>>;
}

const exposedPortsKey = derivedKey<readonly ExposedPort[]>('exposed ports');

/** The file's EXPOSE ports BuildKit reads, worked out once per version for both EXPOSE checks. */
function exposedPorts(model: DocumentModel): readonly ExposedPort[] {
  return model.derive(exposedPortsKey, () => {
    const ports: ExposedPort[] = [];
    const reads = model.instructionReads;
    if (!model.dockerfile.getInstructions().some((instruction) => keywordOf(instruction) === 'EXPOSE')) return ports;
    walkEnvironments(
      model,
      ({ instruction, expand }) => {
        for (const argument of argumentsOf(instruction, reads)) {
          const written = argument.getValue();
          const raw = expand(written).value;
          const port = raw === undefined ? undefined : parsePort(raw);
          if (raw !== undefined && port) ports.push({ written, raw, range: argument.getRange(), port });
        }
      },
      EXPOSE,
    );
    return ports;
  });
}

const EXPOSE: ReadonlySet<string> = new Set(['EXPOSE']);

function exposeCheck(code: 'ExposeProtoCasing' | 'ExposeInvalidFormat', summary: string): Rule {
  return {
    code,
    defaultSeverity: 'warning',
    summary,
    buildkit: true,
    check(model) {
      const findings: Finding[] = [];
      for (const { written, raw, range, port } of exposedPorts(model)) {
        const literal = raw === written;
        if (code === 'ExposeProtoCasing' && port.protocol !== port.protocol.toLowerCase()) {
          const fixed = raw.slice(0, raw.length - port.protocol.length) + port.protocol.toLowerCase();
          findings.push({
            code,
            message: `Defined protocol '${raw}' in EXPOSE instruction should be lowercase`,
            range,
            fixes: literal ? [{ title: `Write ${fixed}`, edits: [{ range, newText: fixed }], isPreferred: true }] : [],
          });
        }
        if (code === 'ExposeInvalidFormat' && port.mapping) {
          findings.push({
            code,
            message: `EXPOSE instruction should not define an IP address or host-port mapping, found '${raw}'`,
            range,
            fixes: literal ? [{ title: `Expose only ${port.container}`, edits: [{ range, newText: port.container }], isPreferred: true }] : [],
          });
        }
      }
      return findings;
    },
  };
}

export const exposeProtoCasing = exposeCheck('ExposeProtoCasing', 'The protocol of an EXPOSE port is not written in lowercase.');
export const exposeInvalidFormat = exposeCheck('ExposeInvalidFormat', 'EXPOSE names a host IP address or host port; it only declares the container port.');
