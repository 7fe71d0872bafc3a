// The fixture apps the converter is proven on (test/fixtures/apps/<name>): single-stage
// Dockerfiles written the way projects write them, one or more per ecosystem and per pattern of
// the conversion (build-tool entry points, runtime swaps, runtime assets and libraries, ...).

/** How an app shows what it does: the output of its default command, or an HTTP answer. */
export type Probe =
  | { readonly kind: 'output' }
  | {
      readonly kind: 'http';
      /** The port it listens on when the image exposes none (or several). */
      readonly port: number;
      readonly path: string;
      /** The image has a HEALTHCHECK whose result must be the same too. */
      readonly healthcheck?: boolean;
    };

export interface FixtureApp {
  readonly name: string;
  /** The ecosystem as the table shows it. */
  readonly ecosystem: string;
  /** What the app exercises in the conversion. */
  readonly pattern: string;
  readonly probe: Probe;
  /**
   * A shortcoming of the converter this app still shows, with the error it fails with: the suite
   * asserts that it fails that way, so a fix (or a different failure) shows as a change.
   */
  readonly knownFailure?: { readonly reason: string; readonly error: RegExp };
}

export const fixtureApps: readonly FixtureApp[] = [
  { name: 'c-hello', ecosystem: 'C', pattern: 'make install, binary on PATH', probe: { kind: 'output' } },
  { name: 'c-optional-docs', ecosystem: 'C', pattern: 'conditional artefact (`|| true`)', probe: { kind: 'output' } },
  { name: 'cpp-cmake-sqlite', ecosystem: 'C++', pattern: 'cmake, links libsqlite3, data file', probe: { kind: 'output' } },
  { name: 'go-hello', ecosystem: 'Go', pattern: 'go build', probe: { kind: 'output' } },
  { name: 'go-api-cmd', ecosystem: 'Go', pattern: 'cmd/<name>, templates/ read at run time', probe: { kind: 'http', port: 8080, path: '/?name=docker' } },
  { name: 'go-clock-tz', ecosystem: 'Go', pattern: 'base from ARG, tzdata and CA certificates', probe: { kind: 'output' } },
  { name: 'rust-wordfreq', ecosystem: 'Rust', pattern: '[[bin]] name, data file', probe: { kind: 'output' } },
  { name: 'rust-cargo-run', ecosystem: 'Rust', pattern: '`cargo run`, default-run, config + static/', probe: { kind: 'http', port: 8000, path: '/' } },
  { name: 'rust-workspace-units', ecosystem: 'Rust', pattern: 'Cargo workspace, `cargo run -p <member>`', probe: { kind: 'output' } },
  { name: 'node-hello', ecosystem: 'Node.js', pattern: 'npm ci + build step', probe: { kind: 'output' } },
  { name: 'node-ts-api', ecosystem: 'Node.js', pattern: '`npm start` after tsc, devDependencies, curl HEALTHCHECK', probe: { kind: 'http', port: 3000, path: '/items', healthcheck: true } },
  { name: 'node-express-dotenv', ecosystem: 'Node.js', pattern: 'express, nodemon devDependency, .env', probe: { kind: 'http', port: 8080, path: '/greet/docker' } },
  { name: 'node-pg-native', ecosystem: 'Node.js', pattern: 'pg-native compiles against libpq', probe: { kind: 'output' } },
  { name: 'node-sqlite', ecosystem: 'Node.js', pattern: 'better-sqlite3 compiled with node-gyp', probe: { kind: 'output' } },
  { name: 'node-lts-plain', ecosystem: 'Node.js', pattern: 'nothing built: node:lts runtime swap', probe: { kind: 'http', port: 3000, path: '/' } },
  { name: 'static-markdown-site', ecosystem: 'static site', pattern: 'site built with marked, served by `serve`', probe: { kind: 'http', port: 3000, path: '/' } },
  { name: 'python-hello', ecosystem: 'Python', pattern: 'requirements.txt', probe: { kind: 'output' } },
  { name: 'python-flask-web', ecosystem: 'Python', pattern: 'Flask, `flask run` console script, templates/ static/', probe: { kind: 'http', port: 5000, path: '/' } },
  { name: 'python-psycopg2', ecosystem: 'Python', pattern: 'psycopg2 needs libpq at run time', probe: { kind: 'output' } },
  { name: 'python-pyproject-cli', ecosystem: 'Python', pattern: 'pyproject.toml, console script, sample data', probe: { kind: 'output' } },
  { name: 'java-prebuilt-jar', ecosystem: 'Java', pattern: 'prebuilt jar on a JDK: runtime swap to the JRE', probe: { kind: 'http', port: 8080, path: '/quote?net=200' } },
  { name: 'java-maven-jar', ecosystem: 'Java', pattern: 'mvn package, `java -jar target/...`', probe: { kind: 'http', port: 8080, path: '/quote?net=50' } },
  { name: 'java-maven-exec', ecosystem: 'Java', pattern: 'started through `mvn exec:java`', probe: { kind: 'http', port: 8080, path: '/quote?net=75' } },
  { name: 'php-composer-app', ecosystem: 'PHP', pattern: 'composer install, vendor/ autoload, config/', probe: { kind: 'http', port: 8080, path: '/?kg=2' } },
  { name: 'ruby-webrick-app', ecosystem: 'Ruby', pattern: 'bundle install, `bundle exec`, data/', probe: { kind: 'http', port: 4567, path: '/quotes' } },
];
