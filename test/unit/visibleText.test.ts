import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { visibleText } from '../../server/src/protocol/visibleText';

describe('visibleText', () => {
  test('shows C0 controls and DEL as their pictures, and C1 controls, lone surrogates and non-characters as U+FFFD', () => {
    assert.equal(visibleText('a\u0000\t\n\r\u001b[2J\u007f'), 'a\u2400\u2409\u240a\u240d\u241b[2J\u2421');
    assert.equal(visibleText('\u0085\u009b\ud800x\udc00\ufffe\uffff'), '\ufffd\ufffd\ufffdx\ufffd\ufffd\ufffd');
  });

  test('keeps every other character, surrogate pairs included, and gives plain text back as it is', () => {
    const text = 'FROM golang:1.22 AS build — ünïcödé 😀 漢字 <>&"\'';
    assert.equal(visibleText(text), text);
  });
});
