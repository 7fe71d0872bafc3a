import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { baseName, isInside, isRootPath, resolvePath } from '../../../../server/src/analysis/convert/paths';

describe('image paths', () => {
  test('resolves against a WORKDIR and folds . and ..', () => {
    assert.equal(resolvePath('/usr/src/app', 'dist/index.js'), '/usr/src/app/dist/index.js');
    assert.equal(resolvePath('/usr/src/app', './out/../bin/tool'), '/usr/src/app/bin/tool');
    assert.equal(resolvePath('/app', '/opt/x/'), '/opt/x/');
    assert.equal(resolvePath(undefined, 'app'), '/app');
  });

  test('keeps Windows paths in their own style', () => {
    assert.equal(resolvePath('C:\\app', 'out\\Worker.dll'), 'C:\\app\\out\\Worker.dll');
    assert.equal(resolvePath('C:\\app', 'C:\\publish'), 'C:\\publish');
  });

  test('names, folders and roots', () => {
    assert.equal(baseName('/usr/local/bin/app'), 'app');
    assert.equal(baseName('C:\\app\\out\\'), 'out');
    assert.ok(isInside('/app/dist/x', '/app'));
    assert.ok(!isInside('/application', '/app'));
    assert.ok(isRootPath('/') && isRootPath('C:\\') && !isRootPath('/app'));
  });
});
