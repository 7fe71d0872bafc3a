// The work of finding what a FROM whose text lies only between variables names (`FROM ${A}-N-${B}`,
// each text its own), counted in operations rather than seconds: it grows with the number of such
// FROM lines, not its square (issue 21). The count starts before any analysis runs in this process,
// as V8 counts code compiled before it started only in part: this file holds nothing else.
import { before, test } from 'node:test';
import { defaultPlatforms } from '../../../server/src/analysis/platforms';
import { reachabilityOf } from '../../../server/src/analysis/reachability';
import { betweenVariablesFrom, betweenVariablesHead } from '../../fuzz/hostile';
import { assertLinearGrowth, OperationCounter } from '../../server/operationCount';
import { modelOf } from '../helpers';

const counter = new OperationCounter();
before(() => counter.start());

/** The operations that working out the stages `count` such FROM lines can build costs. */
function counted(count: number): { size: number; operations: number } {
  const document = modelOf(betweenVariablesHead + Array.from({ length: count }, (_, index) => betweenVariablesFrom(index)).join(''));
  counter.take();
  reachabilityOf(document, { platforms: defaultPlatforms });
  return { size: count, operations: counter.take() };
}

test('FROM ${A}-N-${B}, each text its own: the work grows with the number of such FROMs, not its square', () => {
  assertLinearGrowth('FROM ${A}-N-${B}', counted(200), counted(2000));
});
