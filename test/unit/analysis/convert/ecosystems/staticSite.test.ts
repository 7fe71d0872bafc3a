import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../../../helpers';
import { convertText, goldenTests } from '../golden';

describe('static site', () => {
  goldenTests('static', ['static-single-angular', 'static-vite-nginx']);

  test('keeps nginx in the distribution family of the build image', () => {
    const build = ['WORKDIR /site', 'COPY . .', 'RUN npm ci && npm run build', 'RUN apk add nginx && cp -r dist/* /usr/share/nginx/html/', 'CMD ["nginx", "-g", "daemon off;"]'];
    const alpine = convertText(lines('FROM node:20-alpine', ...build));
    assert.equal(alpine.kind === 'converted' && alpine.runtimeImage, 'nginx:stable-alpine');
    const debian = convertText(lines('FROM node:20', ...build));
    assert.equal(debian.kind === 'converted' && debian.runtimeImage, 'nginx:stable');
  });

  test('declines when no step puts the site where nginx serves it', () => {
    const result = convertText(lines('FROM node:20', 'WORKDIR /site', 'COPY . .', 'RUN npm ci && npm run build', 'CMD ["nginx", "-g", "daemon off;"]'));
    assert.equal(result.kind, 'declined');
    assert.match(result.reason, /\/usr\/share\/nginx\/html/);
  });
});
