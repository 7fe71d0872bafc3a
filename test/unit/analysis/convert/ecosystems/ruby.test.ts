import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../../../helpers';
import { convertText, goldenTests } from '../golden';

describe('Ruby', () => {
  goldenTests('ruby', ['ruby-single-rails', 'ruby-single-sinatra', 'ruby-webrick-app']);

  test('copies the gems from BUNDLE_PATH when the Dockerfile sets it', () => {
    const result = convertText(lines('FROM ruby:3.3', 'ENV BUNDLE_PATH=/gems', 'WORKDIR /app', 'COPY Gemfile Gemfile.lock ./', 'RUN bundle install', 'COPY . .', 'CMD ["ruby", "app.rb"]'));
    assert.equal(result.kind, 'converted');
    assert.match(result.text, /COPY --from=build \/gems \/gems\n/);
    assert.equal(result.runtimeImage, 'ruby:3.3-slim');
  });
});
