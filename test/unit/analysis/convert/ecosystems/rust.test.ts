import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../../../helpers';
import { convertText, goldenTests } from '../golden';

describe('Rust', () => {
  goldenTests('rust', ['rust-single-cargo', 'rust-single-openssl', 'rust-cargo-run-rocket', 'rust-cargo-run-no-context', 'rust-cargo-run', 'rust-wordfreq', 'rust-cargo-run-shell-form', 'rust-cargo-workspace', 'rust-script-entrypoint', 'rust-root-folder']);

  test('copies the binary `--bin` names from the release folder, and stays on Alpine for a musl build', () => {
    const result = convertText(lines('FROM rust:1.81-alpine3.20', 'RUN apk add --no-cache musl-dev', 'WORKDIR /app', 'COPY . .', 'RUN cargo build --release --bin server', 'CMD ["/app/target/release/server"]'));
    assert.equal(result.kind, 'converted');
    assert.equal(result.runtimeImage, 'alpine:3.20');
    assert.match(result.text, /COPY --from=build \/app\/target\/release\/server \/app\/target\/release\/server/);
  });

  test('declines when nothing says which binary runs', () => {
    const result = convertText(lines('FROM rust:1.81', 'WORKDIR /app', 'COPY . .', 'RUN cargo build --release'));
    assert.equal(result.kind, 'declined');
    assert.match(result.reason, /names the binary/);
  });
});
