// The stages a FROM that is one build argument (`FROM ${MODE} AS source`) can pick: the earlier
// stages nothing else uses. The answers on small files are the ones the analysis always gave; past
// `maxListedPicks` such stages the nearest are listed, the rest counted and still built, so
// thousands of such FROM lines cost work in proportion to the file, not its square (issue 21).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSelection } from '../../../server/src/analysis/buildSelections';
import { buildHover } from '../../../server/src/analysis/hover/index';
import { defaultPlatforms } from '../../../server/src/analysis/platforms';
import { reachabilityOf } from '../../../server/src/analysis/reachability';
import { maxListedPicks } from '../../../server/src/analysis/stageNameMatching';
import type { StageModel } from '../../../server/src/analysis/stageTypes';
import { lines, modelOf } from '../helpers';
import { betweenVariablesFrom, betweenVariablesHead } from '../../fuzz/hostile';

const nameOf = (model: StageModel, index: number) => model.stages[index].name ?? String(index);

/** Each picking FROM's options, and how each reached stage is built, as the hover reads them. */
function picksOf(text: string) {
  const document = modelOf(text);
  const model = document.stageModel;
  const reachability = reachabilityOf(document, { platforms: defaultPlatforms });
  const choices = [...reachability.choices].map(([stage, choice]) => [
    nameOf(model, stage),
    choice.options.map((option) => [nameOf(model, option.stageIndex), ...option.selections.map(describeSelection), ...(option.chosen ? ['chosen'] : [])].join(' ')),
  ]);
  const reached = [...reachability.reached]
    .sort((a, b) => a[0] - b[0])
    .map(([stage, reach]) => `${nameOf(model, stage)}: ${reach.byDefault ? 'default' : reach.ways.map((way) => way.map(describeSelection).join(' ')).join(' | ')}`);
  return { choices, reached, reachability, model };
}

/** `ARG X` and `FROM ${X} AS sN`, `count` times: every FROM can pick every earlier stage. */
const repeated = (count: number) => Array.from({ length: count }, (_, index) => `ARG X\nFROM \${X} AS s${index}\n`).join('');

describe('stage picks: the answers on small files', () => {
  test('no default: the earlier stages nothing else uses, each by its --build-arg', () => {
    const { choices, reached } = picksOf(lines('ARG MODE', 'FROM alpine AS build', 'RUN make', 'FROM alpine AS copy', 'COPY . /out', 'FROM ${MODE} AS source', 'FROM alpine', 'COPY --from=source /out /out'));
    assert.deepEqual(choices, [['source', ['build --build-arg MODE=build', 'copy --build-arg MODE=copy']]]);
    assert.deepEqual(reached, ['build: --build-arg MODE=build', 'copy: --build-arg MODE=copy', 'source: default', '3: default']);
  });

  test('a default naming a stage: that stage by default, the unused ones by --build-arg, a used one not at all', () => {
    const { choices, reached } = picksOf(
      lines('ARG MODE=copy', 'FROM alpine AS build', 'FROM alpine AS copy', 'FROM alpine AS used', 'FROM ${MODE} AS source', 'FROM alpine', 'COPY --from=source / /', 'COPY --from=used / /'),
    );
    assert.deepEqual(choices, [['source', ['build --build-arg MODE=build', 'copy MODE=copy chosen']]]);
    assert.deepEqual(reached, ['build: --build-arg MODE=build', 'copy: default', 'used: default', 'source: default', '4: default']);
  });

  test('repeated picking FROMs: each offers every earlier stage, and one build argument cannot name two', () => {
    const { choices, reached } = picksOf(repeated(4));
    assert.deepEqual(choices, [
      ['s1', ['s0 --build-arg X=s0']],
      ['s2', ['s0 --build-arg X=s0', 's1 --build-arg X=s1']],
      ['s3', ['s0 --build-arg X=s0', 's1 --build-arg X=s1', 's2 --build-arg X=s2']],
    ]);
    assert.deepEqual(reached, ['s0: --build-arg X=s0', 's1: --build-arg X=s1', 's2: --build-arg X=s2', 's3: default']);
  });

  test('a default naming an image picks no stage', () => {
    const { choices, reached } = picksOf(lines('ARG BASE=alpine:3.20', 'FROM scratch AS a', 'FROM ${BASE} AS b'));
    assert.deepEqual(choices, []);
    assert.deepEqual(reached, ['b: default']);
  });
});

/** What `picksOf` gives, with the stages built only on a platform none of the configured ones is. */
function answersOf(text: string) {
  const { choices, reached, reachability, model } = picksOf(text);
  const other = [...reachability.otherPlatforms].sort((a, b) => a[0] - b[0]).map(([stage, selections]) => `${nameOf(model, stage)}: ${selections.map(describeSelection).join(' ')}`);
  return { choices, reached, other };
}

// Recorded from the analysis before stage names were indexed for a FROM that mixes text and variables.
const recorded: { readonly name: string; readonly text: string; readonly choices: unknown; readonly reached: readonly string[]; readonly other: readonly string[] }[] = [
  {
    name: 'a literal prefix: a value does not span the separator before it',
    text: lines('ARG V', 'FROM alpine AS build-alpine', 'FROM alpine AS build-debian', 'FROM alpine AS build-base-alpine', 'FROM alpine AS other', 'FROM build-${V} AS out'),
    choices: [['out', ['build-debian --build-arg V=debian', 'build-alpine --build-arg V=alpine']]],
    reached: ['build-alpine: --build-arg V=alpine', 'build-debian: --build-arg V=debian', 'out: default'],
    other: [],
  },
  {
    name: 'a literal suffix, in any case',
    text: lines('ARG V', 'FROM alpine AS alpine-build', 'FROM alpine AS Debian-Build', 'FROM alpine AS build', 'FROM ${V}-build AS out'),
    choices: [['out', ['Debian-Build --build-arg V=debian', 'alpine-build --build-arg V=alpine']]],
    reached: ['alpine-build: --build-arg V=alpine', 'Debian-Build: --build-arg V=debian', 'out: default'],
    other: [],
  },
  {
    name: 'a prefix and a suffix, a default, and a name used twice',
    text: lines('ARG V=x', 'FROM alpine AS b-x-c', 'FROM alpine AS b-y-c', 'FROM alpine AS b-y-d', 'FROM alpine AS b-x-c', 'FROM b-${V}-c AS out'),
    choices: [['out', ['b-x-c V=x chosen', 'b-y-c --build-arg V=y']]],
    reached: ['b-y-c: --build-arg V=y', 'b-x-c: default', 'out: default'],
    other: [],
  },
  {
    name: 'several variables, and one used twice taking one value',
    text: lines('ARG A', 'ARG B', 'FROM alpine AS img-one-two', 'FROM alpine AS img-one-one', 'FROM alpine AS img-two-two', 'FROM img-${A}-${B} AS out', 'FROM img-${A}-${A} AS same'),
    choices: [
      ['out', ['img-two-two --build-arg A=two --build-arg B=two', 'img-one-one --build-arg A=one --build-arg B=one', 'img-one-two --build-arg A=one --build-arg B=two']],
      ['same', ['img-two-two --build-arg A=two', 'img-one-one --build-arg A=one']],
    ],
    reached: ['img-one-one: --build-arg A=one', 'img-two-two: --build-arg A=two', 'same: default'],
    other: [],
  },
  {
    name: 'platform ARGs: the configured platforms pick, the others are built elsewhere',
    text: lines(
    'FROM alpine AS base-amd64',
    'FROM alpine AS base-arm64',
    'FROM alpine AS base-windows',
    'FROM alpine AS binaries-linux',
    'FROM alpine AS binaries-windows',
    'FROM base-${TARGETARCH} AS out',
    'FROM binaries-$TARGETOS AS bin',
    'FROM alpine',
    'COPY --from=out / /',
    'COPY --from=bin / /',
  ),
    choices: [
      ['out', ['base-amd64 TARGETARCH=amd64 chosen', 'base-arm64 TARGETARCH=arm64']],
      ['bin', ['binaries-linux TARGETOS=linux chosen']],
    ],
    reached: ['base-amd64: default', 'base-arm64: TARGETARCH=arm64', 'binaries-linux: default', 'out: default', 'bin: default', '7: default'],
    other: ['base-windows: TARGETARCH=windows', 'binaries-windows: TARGETOS=windows'],
  },
  {
    name: 'repeated FROMs with a prefix: each offers every earlier stage',
    text: Array.from({ length: 5 }, (_, index) => `ARG X\nFROM b\${X} AS b${index}\n`).join(''),
    choices: [
      ['b1', ['b0 --build-arg X=0']],
      ['b2', ['b1 --build-arg X=1', 'b0 --build-arg X=0']],
      ['b3', ['b2 --build-arg X=2', 'b1 --build-arg X=1', 'b0 --build-arg X=0']],
      ['b4', ['b3 --build-arg X=3', 'b2 --build-arg X=2', 'b1 --build-arg X=1', 'b0 --build-arg X=0']],
    ],
    reached: ['b0: --build-arg X=0', 'b1: --build-arg X=1', 'b2: --build-arg X=2', 'b3: --build-arg X=3', 'b4: default'],
    other: [],
  },
];

describe('stage picks: a FROM mixing text and variables, the answers on small files', () => {
  for (const { name, text, ...answers } of recorded) {
    test(name, () => assert.deepEqual(answersOf(text), answers));
  }
});

describe('stage picks: past the listed ones', () => {
  const count = maxListedPicks + 10;

  test('the nearest stages are listed, the rest counted, and every one is still built by its --build-arg', () => {
    const { reachability, model } = picksOf(repeated(count));
    const last = reachability.choices.get(count - 1);
    assert.deepEqual(
      last?.options.map((option) => nameOf(model, option.stageIndex)),
      Array.from({ length: maxListedPicks }, (_, index) => `s${count - 1 - maxListedPicks + index}`),
    );
    assert.equal(last?.unlisted, count - 1 - maxListedPicks);
    for (let index = 0; index < count - 1; index++) {
      assert.deepEqual(reachability.reached.get(index)?.ways.map((way) => way.map(describeSelection)), [[`--build-arg X=s${index}`]], `s${index}`);
    }
  });

  test('the hover on the FROM lists the nearest and says how many more it can pick', () => {
    const document = modelOf(repeated(count));
    const markdown = buildHover(document, { line: 2 * count - 1, character: 6 }, { now: new Date('2026-12-01T00:00:00Z') })?.markdown ?? '';
    assert.ok(markdown.includes(`stage \`s${count - 2}\` for \`--build-arg X=s${count - 2}\``), markdown);
    assert.ok(!markdown.includes('stage `s0`'), markdown);
    assert.match(markdown, new RegExp(`and ${count - 1 - maxListedPicks} earlier stages it can also name`));
  });

  test('a default names its stage wherever it is: listed and chosen beside the nearest ones', () => {
    const text = `ARG X=s0\n${repeated(count).slice('ARG X\n'.length)}`;
    const { reachability, model } = picksOf(text);
    const last = reachability.choices.get(count - 1);
    assert.deepEqual(last?.options.filter((option) => option.chosen).map((option) => nameOf(model, option.stageIndex)), ['s0']);
    assert.equal(last?.options.length, maxListedPicks + 1);
    assert.equal(last?.unlisted, count - 2 - maxListedPicks);
  });

  test('the options listed grow with the number of picking FROMs, not its square', () => {
    const listed = (froms: number) => [...picksOf(repeated(froms)).reachability.choices.values()].reduce((sum, choice) => sum + choice.options.length, 0);
    const [small, large] = [listed(100), listed(1000)];
    assert.ok(large <= small * 11, `${small} options for 100 FROMs, ${large} for 1000`);
  });
});

describe('stage picks: a FROM mixing text and variables, past the listed ones', () => {
  const count = maxListedPicks + 10;
  const shapes = [
    // `b1` is also found by trying X set (to 1), as a build argument that switches a name on or off is.
    { shape: 'a prefix', from: (index: number) => `ARG X\nFROM b\${X} AS b${index}\n`, value: (index: number) => `${index}`, probed: [1] },
    { shape: 'a suffix', from: (index: number) => `ARG X\nFROM \${X}-b AS s${index}-b\n`, value: (index: number) => `s${index}`, probed: [] },
  ];
  for (const { shape, from, value, probed } of shapes) {
    test(`${shape}: the nearest stages are listed, the rest counted, and every one is still built by its --build-arg`, () => {
      const { reachability } = picksOf(Array.from({ length: count }, (_, index) => from(index)).join(''));
      const last = reachability.choices.get(count - 1);
      assert.deepEqual(
        last?.options.map((option) => option.stageIndex),
        [...Array.from({ length: maxListedPicks }, (_, index) => count - 2 - index), ...probed],
      );
      assert.equal(last?.unlisted, count - 1 - maxListedPicks);
      for (let index = 0; index < count - 1; index++) {
        assert.deepEqual(reachability.reached.get(index)?.ways.map((way) => way.map(describeSelection)), [[`--build-arg X=${value(index)}`]], `stage ${index}`);
      }
    });

    test(`${shape}: the options listed grow with the number of FROMs, not its square`, () => {
      const listed = (froms: number) =>
        [...picksOf(Array.from({ length: froms }, (_, index) => from(index)).join('')).reachability.choices.values()].reduce((sum, choice) => sum + choice.options.length, 0);
      const [small, large] = [listed(100), listed(1000)];
      assert.ok(large <= small * 11, `${small} options for 100 FROMs, ${large} for 1000`);
    });
  }
});

describe('stage picks: a FROM whose text lies only between variables', () => {
  const froms = (count: number) => betweenVariablesHead + Array.from({ length: count }, (_, index) => betweenVariablesFrom(index)).join('');

  test('each text names the stages holding its literal part, with the values around it', () => {
    const { choices } = picksOf(froms(3));
    assert.deepEqual(choices, [
      ['s-1-x', ['s-0-x --build-arg A=s --build-arg B=x']],
      ['s-2-x', ['s-1-x --build-arg A=s --build-arg B=x']],
      ['s-3-x', ['s-2-x --build-arg A=s --build-arg B=x']],
    ]);
  });
});
