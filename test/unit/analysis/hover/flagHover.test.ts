import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { MarkupKind } from 'vscode-languageserver-types';
import { flagDocs } from '../../../../server/src/analysis/hover/flagDocs';
import { hoverAt, hoverTextAt, positionOf, textIn } from './positions';

const mounts = [
  'FROM golang:1.22 AS build',
  'RUN --mount=type=cache,target=/root/.cache/go-build,sharing=locked \\',
  '    --mount=type=secret,id=token,dst=/run/token,colour=red \\',
  '    --mount=target=/src \\',
  '    --mount=type=volume,target=/v \\',
  '    go build ./...',
].join('\n');

describe('RUN --mount hover', () => {
  test('the flag name: what mounts are, and the type this mount has', () => {
    const hover = hoverAt(mounts, '--mount=type=cache', 3);
    assert.ok(hover);
    assert.equal(textIn(mounts, hover.range), '--mount');
    assert.ok(hover.markdown.startsWith('**RUN --mount** · since Dockerfile 1.2'), hover.markdown);
    assert.ok(hover.markdown.includes('**cache mount**'), hover.markdown);
    assert.ok(hover.markdown.includes('`sharing`: `shared` (the default'), hover.markdown);
    assert.ok(hover.markdown.includes('(https://docs.docker.com/reference/dockerfile/#run---mounttypecache)'), hover.markdown);
  });

  test('without type= the mount is a bind mount', () => {
    const text = hoverTextAt(mounts, '--mount=target=/src', 3);
    assert.ok(text.includes('**bind mount** (the default type)'), text);
  });

  test('the type value explains that type', () => {
    const hover = hoverAt(mounts, 'type=secret', 7);
    assert.ok(hover);
    assert.equal(textIn(mounts, hover.range), 'type=secret');
    assert.ok(hover.markdown.includes('**secret mount**'), hover.markdown);
    assert.ok(hover.markdown.includes('`env`: an environment variable'), hover.markdown);
  });

  test('an option explains itself for the mount type, aliases included', () => {
    const sharing = hoverAt(mounts, 'sharing=locked', 2);
    assert.ok(sharing);
    assert.equal(textIn(mounts, sharing.range), 'sharing=locked');
    assert.ok(sharing.markdown.startsWith('**`sharing`**, option of a `cache` mount'), sharing.markdown);
    assert.ok(sharing.markdown.includes('`locked` (the second writer waits'), sharing.markdown);
    const dst = hoverTextAt(mounts, 'dst=/run/token', 1);
    assert.ok(dst.startsWith('**`dst`** (`target`), option of a `secret` mount'), dst);
    assert.ok(dst.includes('`/run/secrets/<id>`'), dst);
  });

  test('an option or a type the reference does not document is said to be undocumented, not guessed at', () => {
    const colour = hoverTextAt(mounts, 'colour=red', 2);
    assert.ok(colour.includes('`colour` is not among the options the reference documents for a `secret` mount'), colour);
    const volume = hoverTextAt(mounts, 'type=volume', 7);
    assert.ok(volume.includes('`volume` is not a mount type the reference documents'), volume);
  });
});

describe('other flags', () => {
  test('RUN --network marks the value in use', () => {
    const text = 'FROM alpine:3.20\nRUN --network=none pip install -r req.txt\n';
    const name = hoverAt(text, '--network', 4);
    assert.ok(name);
    assert.equal(textIn(text, name.range), '--network');
    assert.ok(name.markdown.includes('**`none` (this one)**: no network access'), name.markdown);
    const value = hoverAt(text, '=none', 2);
    assert.ok(value);
    assert.equal(textIn(text, value.range), 'none');
    assert.equal(value.markdown, name.markdown);
  });

  test('a value outside the documented set is pointed out, a variable is not', () => {
    assert.ok(hoverTextAt('FROM alpine\nRUN --security=paranoid true\n', '--security', 3).includes('`paranoid` is not one of the values the reference documents.'));
    assert.ok(!hoverTextAt('FROM alpine\nARG NET=none\nRUN --network=$NET true\n', '--network', 3).includes('is not one of the values'));
  });

  test('COPY, ADD and FROM flags the library lacks', () => {
    const expectations: [string, string, string][] = [
      ['FROM alpine\nCOPY --link a /a\n', '--link', '**COPY --link** · since Dockerfile 1.4'],
      ['FROM alpine\nCOPY --parents ./x/a.txt /out/\n', '--parents', '**COPY --parents**'],
      ['FROM alpine\nCOPY --exclude=*.md . /src\n', '--exclude', '**COPY --exclude**'],
      ['FROM alpine\nCOPY --chmod=755 run.sh /run.sh\n', '--chmod', '**COPY --chmod**'],
      ['FROM alpine\nADD --checksum=sha256:abc https://example.com/a.tgz /a\n', '--checksum', '**ADD --checksum** · since Dockerfile 1.6'],
      ['FROM alpine\nADD --keep-git-dir=true https://github.com/moby/buildkit.git /b\n', '--keep-git-dir', '**ADD --keep-git-dir**'],
      ['FROM alpine\nADD --unpack=true https://example.com/a.tgz /a\n', '--unpack', '**ADD --unpack**'],
      ['FROM alpine\nADD --link a /a\n', '--link', '**ADD --link**'],
      ['FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n', '--platform', '**FROM --platform**'],
    ];
    for (const [text, flag, heading] of expectations) {
      const markdown = hoverTextAt(text, flag, 3);
      assert.ok(markdown.startsWith(heading), `${flag}: ${markdown}`);
      assert.match(markdown, /\[Dockerfile reference\]\(https:\/\/docs\.docker\.com\/reference\/dockerfile\/#[a-z-]+\)/);
    }
    assert.ok(hoverTextAt('FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n', '--platform', 3).includes('$BUILDPLATFORM'));
  });

  test('flags the library documents are left to it', () => {
    for (const [text, flag] of [
      ['FROM alpine\nCOPY --chown=app:app a /a\n', '--chown'],
      ['FROM alpine\nCOPY --from=nginx:1.27 /a /a\n', '--from'],
      ['FROM alpine\nHEALTHCHECK --interval=5s CMD true\n', '--interval'],
    ]) {
      assert.equal(hoverAt(text, flag, 3), undefined, flag);
    }
  });
});

describe('flags.json', () => {
  const library = DockerfileLanguageServiceFactory.createLanguageService();
  library.setCapabilities({ hover: { contentFormat: [MarkupKind.Markdown] } });

  test('documents only flags the library does not, except FROM --platform, which it extends', () => {
    for (const [keyword, flags] of Object.entries(flagDocs.instructions)) {
      for (const name of Object.keys(flags)) {
        const text = keyword === 'FROM' ? `FROM --${name}=x alpine\n` : `FROM alpine\n${keyword} --${name}=x a /a\n`;
        const documented = library.computeHover(text, positionOf(text, `--${name}`, 3)) !== null;
        assert.equal(documented, keyword === 'FROM' && name === 'platform', `${keyword} --${name}`);
      }
    }
  });

  test('every mount type has a target, every alias names a documented option, and prose has no stray HTML', () => {
    const options = new Set(Object.values(flagDocs.mountTypes).flatMap((type) => Object.keys(type.options)));
    for (const [name, type] of Object.entries(flagDocs.mountTypes)) assert.ok(type.options.target, `${name} has target`);
    for (const [alias, canonical] of Object.entries(flagDocs.mountOptionAliases)) assert.ok(options.has(canonical), `${alias} -> ${canonical}`);
    const strings: string[] = [];
    const collect = (value: unknown, key: string): void => {
      if (typeof value === 'string' && key !== 'syntax') strings.push(value);
      else if (value && typeof value === 'object') for (const [childKey, child] of Object.entries(value)) collect(child, childKey);
    };
    collect(flagDocs, '');
    for (const text of strings) assert.ok(!text.replace(/`[^`]*`/g, '').includes('<'), `a < outside a code span would read as HTML: ${text}`);
  });
});
