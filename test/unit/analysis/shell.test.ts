import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Run } from 'dockerfile-ast';
import { DocumentModel } from '../../../server/src/analysis/documentModel';
import { parse as parseShellWords } from 'shell-quote';
import { parseRun, parseShellScript, type RunScript } from '../../../server/src/analysis/shell';
import { simpleWords } from '../../../server/src/analysis/shellWords';

function runs(text: string): { model: DocumentModel; scripts: RunScript[] } {
  const model = new DocumentModel('file:///t/Dockerfile', 1, text);
  const scripts = model.dockerfile
    .getInstructions()
    .filter((instruction): instruction is Run => instruction instanceof Run)
    .map((run) => parseRun(model, run));
  return { model, scripts };
}

const argvs = (script: RunScript) => script.commands.map((command) => command.argv);

/** The document text a command's range covers. */
function textAt(model: DocumentModel, range: RunScript['commands'][number]['range']): string {
  const start = model.lineStarts[range.start.line] + range.start.character;
  const end = model.lineStarts[range.end.line] + range.end.character;
  return model.text.slice(start, end);
}

describe('parseShellScript', () => {
  test('splits a script at &&, ||, ;, | and newlines', () => {
    const commands = parseShellScript('apt-get update && apt-get install -y curl || true; echo a | tee b\nmake');
    assert.deepEqual(
      commands.map((command) => command.argv),
      [['apt-get', 'update'], ['apt-get', 'install', '-y', 'curl'], ['true'], ['echo', 'a'], ['tee', 'b'], ['make']],
    );
  });

  test('keeps operators inside quotes and command substitutions as text', () => {
    const [command] = parseShellScript(`echo "a && b" 'c; d' $(cat x | wc -l)`);
    assert.deepEqual(command.argv, ['echo', 'a && b', 'c; d', '$(cat x | wc -l)']);
  });

  test('keeps a command substitution inside its word, with the text around it', () => {
    const commands = parseShellScript('curl -o f https://e.x/c-$(uname -s)-$(uname -m).tar.gz `echo a b`; CC=$(xx-info)-gcc ./configure');
    assert.deepEqual(commands[0].argv, ['curl', '-o', 'f', 'https://e.x/c-$(uname -s)-$(uname -m).tar.gz', '`echo a b`']);
    assert.deepEqual(commands[1].argv, ['./configure']);
    assert.deepEqual(commands[1].env, { CC: '$(xx-info)-gcc' });
  });

  test('keeps variables as written', () => {
    const [command] = parseShellScript('cp $HOME/a "${DEST:-/tmp}/b"');
    assert.deepEqual(command.argv, ['cp', '$HOME/a', '${DEST:-/tmp}/b']);
  });

  test('takes leading assignments and env as the command environment', () => {
    const commands = parseShellScript('DEBIAN_FRONTEND=noninteractive apt-get install -y x; env A=1 B="two words" make all');
    assert.deepEqual(commands[0].env, { DEBIAN_FRONTEND: 'noninteractive' });
    assert.deepEqual(commands[0].argv, ['apt-get', 'install', '-y', 'x']);
    assert.deepEqual(commands[1].env, { A: '1', B: 'two words' });
    assert.deepEqual(commands[1].argv, ['make', 'all']);
  });

  test('exported variables reach the later commands of the same script', () => {
    const commands = parseShellScript('export PIP_NO_CACHE_DIR=1 && pip install x');
    assert.deepEqual(commands[1].env, { PIP_NO_CACHE_DIR: '1' });
  });

  test('looks through sudo, exec, nohup and nice', () => {
    const commands = parseShellScript('sudo -E -u root apt-get install x; exec nice -n 5 nohup ./server');
    assert.deepEqual(argvsOf(commands), [['apt-get', 'install', 'x'], ['./server']]);
  });

  test('parses sh -c and bash -ec strings recursively, inside the outer range', () => {
    const commands = parseShellScript(`bash -ec 'apt-get update && sh -c "make install"'`);
    assert.deepEqual(argvsOf(commands), [['apt-get', 'update'], ['make', 'install']]);
    assert.ok(commands.every((command) => command.nested));
    assert.deepEqual(commands[0].range, commands[1].range);
  });

  test('drops reserved words and loop headers, keeps the commands inside', () => {
    const commands = parseShellScript('if [ -f x ]; then make; else cmake .; fi\nfor f in a b; do gcc $f; done');
    assert.deepEqual(argvsOf(commands), [['[', '-f', 'x', ']'], ['make'], ['cmake', '.'], ['gcc', '$f']]);
  });

  test('drops redirections and their targets', () => {
    const [command] = parseShellScript('make 2>&1 >/var/log/build.log &> /dev/null');
    assert.deepEqual(command.argv, ['make']);
  });

  test('a # inside a word is not a comment, a # at a word start is', () => {
    const commands = parseShellScript('curl http://x/#frag # fetch it && rm -rf /');
    assert.deepEqual(argvsOf(commands), [['curl', 'http://x/#frag']]);
  });

  test('ranges point at each command', () => {
    const script = 'apt-get update &&\n  apt-get install -y x';
    const commands = parseShellScript(script);
    assert.deepEqual(commands[1].range, { start: { line: 1, character: 2 }, end: { line: 1, character: 22 } });
  });

  test('never throws on garbage and unclosed quotes', () => {
    assert.deepEqual(argvsOf(parseShellScript(`echo 'unclosed && rm x`)), [['echo', 'unclosed'], ['rm', 'x']]);
    assert.doesNotThrow(() => parseShellScript('echo ${ ; $( ` "'));
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab $(){}[]\'"`\\#;&|<>=\n-*'.split('')), maxLength: 40 }), (script) => {
        const commands = parseShellScript(script);
        return commands.every((command) => command.argv.length > 0);
      }),
    );
  });
});

describe('simpleWords', () => {
  test('splits plain text at whitespace and leaves anything the shell would read beyond quotes and variables to the tokenizer', () => {
    assert.deepEqual(simpleWords('apk add --no-cache\tbuild-base  gcc=12.2 '), ['apk', 'add', '--no-cache', 'build-base', 'gcc=12.2']);
    assert.deepEqual(simpleWords(' \t'), []);
    for (const special of ['a\\ b', '*.txt', 'a?', 'a;b', 'a|b', 'a&b', 'a>b', '(a)', '#c', '~/x', '{a,b}', '[ab]', '`a`', '!']) {
      assert.equal(simpleWords(special), undefined, special);
    }
  });

  test('reads quotes and word-named variables as shell-quote does, with the variables kept', () => {
    assert.deepEqual(simpleWords(`mkdir -p /src/\${COMPONENT} "$HOME/a b" 'x \${Y}'""z`), ['mkdir', '-p', '/src/$COMPONENT', '$HOME/a b', 'x ${Y}z']);
    assert.deepEqual(simpleWords(`echo "" '' "a \${B}"'"\${C}"'`), ['echo', '', '', 'a $B"${C}"']);
    for (const special of ['${A:-b}', '$_a', '$', '"$"', '"a\\"b"', "'a\\'", '*.txt', 'a;b', '#c', '$(a)', '`a`', '"a', "'a"]) {
      assert.equal(simpleWords(special), undefined, special);
    }
  });

  const keepVariable = (name: string) => (/^\w+$/.test(name) ? `$${name}` : `\${${name}}`);

  test('agrees with shell-quote on plain text whenever it answers', () => {
    const plain = 'aZ09_./:=@%+,- \t\n\r\u00a0';
    const text = (characters: string) => fc.string({ unit: fc.constantFrom(...characters.split('')), maxLength: 30 });
    fc.assert(
      fc.property(fc.oneof(text(plain), text(`${plain}$'"\\#*?;|&<>(){}[]~!\``)), (source) => {
        const words = simpleWords(source);
        if (words !== undefined) assert.deepEqual(words, parseShellWords(source, keepVariable));
      }),
      { numRuns: 2000 },
    );
  });

  test('agrees with shell-quote on quotes and variables whenever it answers', () => {
    const piece = fc.constantFrom(...'aZ09_./:=@%+,- \t\n\r\u00a0$\'"{}\\#*;'.split(''), '${A}', '${_1}', '$B', '$1x', '"', "'", '${', '}', '"${A} b"', "'${A} \"b'");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
        const source = pieces.join('');
        const words = simpleWords(source);
        if (words !== undefined) assert.deepEqual(words, parseShellWords(source, keepVariable));
      }),
      { numRuns: 5000 },
    );
  });
});

function argvsOf(commands: ReturnType<typeof parseShellScript>): readonly (readonly string[])[] {
  return commands.map((command) => command.argv);
}

describe('parseRun', () => {
  test('joins continuation lines and drops comment lines inside them, with document ranges', () => {
    const { model, scripts } = runs(
      'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && \\\n    # tools\n    apt-get install -y \\\n      curl git\n',
    );
    assert.deepEqual(argvs(scripts[0]), [['apt-get', 'update'], ['apt-get', 'install', '-y', 'curl', 'git']]);
    assert.equal(textAt(model, scripts[0].commands[0].range), 'apt-get update');
    assert.equal(textAt(model, scripts[0].commands[1].range), 'apt-get install -y \\\n      curl git');
    assert.equal(scripts[0].form, 'shell');
  });

  test('honours a backtick escape directive', () => {
    const { scripts } = runs('# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN make `\n  all && make install\n');
    assert.deepEqual(argvs(scripts[0]), [['make', 'all'], ['make', 'install']]);
  });

  test('parses exec form, and sh -c inside it', () => {
    const { scripts } = runs('FROM alpine\nRUN ["apk", "add", "--no-cache", "curl"]\nRUN ["/bin/sh", "-c", "pip install -r req.txt && npm ci"]\n');
    assert.equal(scripts[0].form, 'exec');
    assert.deepEqual(argvs(scripts[0]), [['apk', 'add', '--no-cache', 'curl']]);
    assert.deepEqual(argvs(scripts[1]), [['pip', 'install', '-r', 'req.txt'], ['npm', 'ci']]);
  });

  test('a heredoc script runs each of its lines', () => {
    const { model, scripts } = runs('FROM debian\nRUN <<EOF\nset -e\napt-get update\napt-get install -y \\\n  gcc\nEOF\n');
    assert.deepEqual(argvs(scripts[0]), [['set', '-e'], ['apt-get', 'update'], ['apt-get', 'install', '-y', 'gcc']]);
    assert.equal(textAt(model, scripts[0].commands[1].range), 'apt-get update');
    assert.equal(scripts[0].complete, true);
  });

  test('a heredoc fed to bash is a script; one fed to cat is data; one fed to python is not shell', () => {
    const { scripts } = runs(
      'FROM debian\nRUN <<EOF bash\nmake\nEOF\nRUN cat <<EOT > /etc/motd && echo done\nrm -rf /\nEOT\nRUN python3 <<PY\nprint(1)\nPY\n',
    );
    assert.deepEqual(argvs(scripts[0]), [['make']]);
    assert.deepEqual(argvs(scripts[1]), [['cat'], ['echo', 'done']]);
    assert.equal(scripts[1].complete, true);
    assert.deepEqual(argvs(scripts[2]), [['python3']]);
    assert.equal(scripts[2].complete, false);
  });

  test('a heredoc with a non-shell shebang is not parsed as shell', () => {
    const { scripts } = runs('FROM python\nRUN <<EOF\n#!/usr/bin/env python3\nimport os\nEOF\n');
    assert.deepEqual(argvs(scripts[0]), []);
    assert.equal(scripts[0].complete, false);
  });

  test('a non-POSIX SHELL leaves the commands unknown', () => {
    const model = new DocumentModel('file:///t/Dockerfile', 1, 'FROM x\nRUN Install-Module Foo; make\n');
    const run = model.dockerfile.getInstructions()[1] as Run;
    const script = parseRun(model, run, ['powershell', '-Command']);
    assert.deepEqual(script.commands, []);
    assert.equal(script.complete, false);
    assert.deepEqual(argvs(parseRun(model, run, ['/bin/bash', '-o', 'pipefail', '-c'])), [['Install-Module', 'Foo'], ['make']]);
  });

  test('never throws on any RUN text', () => {
    const piece = fc.constantFrom('RUN ', 'apt-get install x', ' && ', '\\\n', '<<EOF', '\nEOF\n', '["sh", "-c", "a"]', "'", '"', '# c\n', '$(', '`', ' ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const { scripts } = runs(`FROM x\nRUN ${pieces.join('')}\n`);
        return scripts.every((script) => script.commands.every((command) => command.range.start.line >= 1));
      }),
    );
  });

  test('an empty RUN has no commands', () => {
    const { scripts } = runs('FROM x\nRUN\n');
    assert.deepEqual(argvs(scripts[0]), []);
  });
});
