import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../../../helpers';
import { convertText, goldenTests } from '../golden';

describe('PHP', () => {
  goldenTests('php', ['php-single-apache', 'php-single-fpm-alpine', 'php-composer-app', 'php-apache-image-workdir', 'php-vhost-config', 'php-apache-docroot-sed']);

  test('repeats the extension setup in the runtime stage and leaves Composer behind', () => {
    const result = convertText(
      lines('FROM php:8.3-cli', 'RUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip', 'COPY --from=composer:2 /usr/bin/composer /usr/bin/composer', 'WORKDIR /app', 'COPY . .', 'RUN composer install --no-dev', 'CMD ["php", "bin/console"]'),
    );
    assert.equal(result.kind, 'converted');
    const runtime = result.text.slice(result.text.indexOf('# Runtime stage'));
    assert.match(runtime, /docker-php-ext-install zip/);
    assert.doesNotMatch(runtime, /composer:2/);
    assert.equal(result.runtimeImage, 'php:8.3-cli');
  });
});
