import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../../../helpers';
import { convertText, goldenTests } from '../golden';

describe('Python', () => {
  goldenTests('python', ['python-single-flask', 'python-single-django', 'python-single-data-science', 'python-hello', 'python-own-venv', 'python-psycopg2-full', 'python-flask-web', 'python-psycopg2', 'python-pyproject-cli', 'python-apk-del-after-build', 'python-user-with-build-tools', 'python-entrypoint-script']);

  test('creates the venv before the first install and puts it on the PATH in both stages', () => {
    const result = convertText(lines('FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install -r requirements.txt', 'COPY . .', 'CMD ["python", "app.py"]'));
    assert.equal(result.kind, 'converted');
    const [build, runtime] = result.text.split(/\n(?=# Runtime stage)/);
    assert.match(build, /RUN python -m venv \/opt\/venv\nENV VIRTUAL_ENV=\/opt\/venv PATH="\/opt\/venv\/bin:\$PATH"\nRUN pip install/);
    assert.match(runtime, /COPY --from=build \/opt\/venv \/opt\/venv\nENV VIRTUAL_ENV=\/opt\/venv PATH="\/opt\/venv\/bin:\$PATH"\n\nCOPY \. \.\n/);
  });

  test('copies the app folder too when the sources were copied before the install', () => {
    const result = convertText(lines('FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN pip install -r requirements.txt', 'CMD ["python", "app.py"]'));
    assert.equal(result.kind, 'converted');
    assert.match(result.text, /COPY --from=build \/app \/app\n/);
  });

  test('copies the user site of `pip install --user` instead of making a venv', () => {
    const result = convertText(lines('FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install --user -r requirements.txt', 'COPY . .', 'CMD ["python", "app.py"]'));
    assert.equal(result.kind, 'converted');
    assert.doesNotMatch(result.text, /venv/);
    assert.match(result.text, /COPY --from=build \/root\/\.local \/root\/\.local\nENV PATH="\/root\/\.local\/bin:\$PATH"\n/);
    const otherUser = convertText(lines('FROM python:3.12', 'USER app', 'WORKDIR /app', 'COPY . .', 'RUN pip install --user -r requirements.txt', 'CMD ["python", "app.py"]'));
    assert.equal(otherUser.kind, 'declined');
  });

  test('declines pip installing into the system Python of an OS image', () => {
    const result = convertText(lines('FROM ubuntu:22.04', 'RUN apt-get update && apt-get install -y python3-pip build-essential', 'WORKDIR /app', 'COPY . .', 'RUN pip3 install -r requirements.txt', 'CMD ["python3", "app.py"]'));
    assert.equal(result.kind, 'declined');
    assert.match(result.reason, /system Python of ubuntu:22\.04/);
  });
});
