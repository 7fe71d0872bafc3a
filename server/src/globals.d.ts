/** The package version, set by the bundler from package.json. */
declare const SERVER_VERSION: string;
