// What the converter learns from a project's files: each parser on the file as people write it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BuildContext } from '../../../../server/src/analysis/convert/context';
import { entriesSentToBuild } from '../../../../server/src/analysis/convert/context';
import { cargoBinaries, dotnetProject, gemNames, goModuleName, gradleArtifact, javaVersion, mavenArtifact, nodeProject, phpExtensions, pythonPackages } from '../../../../server/src/analysis/convert/project';
import { lines } from '../../helpers';

function context(files: Record<string, string>, entries: string[] = Object.keys(files)): BuildContext {
  return { state: 'read', files, entries };
}

describe('project files', () => {
  test('Cargo.toml: default-run first, then [[bin]] tables, the package, and src/bin', () => {
    assert.deepEqual(cargoBinaries(context({ 'Cargo.toml': lines('[package]', 'name = "blog" # the site', 'version = "0.1.0"') }, ['Cargo.toml', 'src/'])), ['blog']);
    const toml = lines('[package]', 'name = "tools"', 'default-run = "server"', '', '[[bin]]', 'name = "server"', 'path = "src/server.rs"', '', '[[bin]]', 'name = "migrate"');
    assert.deepEqual(cargoBinaries(context({ 'Cargo.toml': toml }, ['Cargo.toml', 'src/', 'src/bin/seed.rs'])), ['server', 'migrate', 'tools', 'seed']);
    assert.deepEqual(cargoBinaries(context({})), []);
  });

  test('go.mod: the last part of the module path, without a major version suffix', () => {
    assert.equal(goModuleName(context({ 'go.mod': 'module github.com/acme/shop-api\n\ngo 1.22\n' })), 'shop-api');
    assert.equal(goModuleName(context({ 'go.mod': 'module github.com/acme/cli/v2\n' })), 'cli');
    assert.equal(goModuleName(context({})), undefined);
  });

  test('package.json: scripts, dependencies and the package manager, declared or by lock file', () => {
    const project = nodeProject(context({ 'package.json': JSON.stringify({ scripts: { start: 'node dist/main' }, dependencies: { '@prisma/client': '5' }, devDependencies: { prisma: '5' } }) }, ['package.json', 'yarn.lock']));
    assert.deepEqual(project, { scripts: { start: 'node dist/main' }, main: undefined, dependencies: ['@prisma/client'], devDependencies: ['prisma'], manager: 'yarn' });
    assert.equal(nodeProject(context({ 'package.json': '{"packageManager": "pnpm@9.1.0"}' }))?.manager, 'pnpm');
    assert.equal(nodeProject(context({ 'package.json': '{ not json' })), undefined);
  });

  test('Python: requirements files, PEP 621 and Poetry dependencies, the Pipfile', () => {
    const files = {
      'requirements.txt': lines('# web', 'Flask==3.0.0', 'psycopg2>=2.9 ; python_version > "3.8"', '-r base.txt'),
      'pyproject.toml': lines('[project]', 'dependencies = [', '  "mysqlclient>=2.2",', '  "uvicorn[standard]>=0.29",', ']', '[tool.poetry.dependencies]', 'python = "^3.12"', 'Django_Extensions = "^3"'),
      Pipfile: lines('[packages]', 'requests = "*"'),
    };
    assert.deepEqual(pythonPackages(context(files)).sort(), ['django-extensions', 'flask', 'mysqlclient', 'psycopg2', 'requests', 'uvicorn']);
  });

  test('pom.xml: the project\'s own coordinates, not the parent\'s or a dependency\'s, and finalName', () => {
    const pom = lines(
      '<project>',
      '  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.0</version></parent>',
      '  <artifactId>orders</artifactId>',
      '  <version>0.0.1-SNAPSHOT</version>',
      '  <properties><java.version>21</java.version></properties>',
      '  <dependencies><dependency><artifactId>spring-boot-starter-web</artifactId><version>9</version></dependency></dependencies>',
      '  <build><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>',
      '</project>',
    );
    const boot = { springBoot: true, selfContained: true, executable: true, mainClass: undefined };
    assert.deepEqual(mavenArtifact(context({ 'pom.xml': pom })), { jar: 'target/orders-0.0.1-SNAPSHOT.jar', ...boot });
    assert.deepEqual(mavenArtifact(context({ 'pom.xml': pom.replace('</build>', '<finalName>app</finalName></build>') })), { jar: 'target/app.jar', ...boot });
    const plain = lines('<project><artifactId>tool</artifactId><version>1</version>', '<dependencies><dependency><artifactId>junit</artifactId><scope>test</scope></dependency></dependencies>', '<build><plugins><plugin><artifactId>exec-maven-plugin</artifactId><configuration><mainClass>a.Main</mainClass></configuration><dependencies><dependency><artifactId>x</artifactId></dependency></dependencies></plugin></plugins></build></project>');
    assert.deepEqual(mavenArtifact(context({ 'pom.xml': plain })), { jar: 'target/tool-1.jar', springBoot: false, selfContained: true, executable: false, mainClass: 'a.Main' }, 'test and plugin dependencies are not the app\'s');
    assert.equal(mavenArtifact(context({ 'pom.xml': '<project><artifactId>x</artifactId><version>${revision}</version></project>' })), undefined, 'a version from a property is not guessed');
    assert.equal(mavenArtifact(context({ 'pom.xml': '<project><artifactId>x</artifactId><version>1</version><packaging>war</packaging></project>' })), undefined);
    assert.equal(javaVersion(context({ 'pom.xml': pom })), '21');
    assert.equal(javaVersion(context({ 'pom.xml': '<maven.compiler.target>1.8</maven.compiler.target>' })), '8');
  });

  test('Gradle: rootProject.name (else the project folder) and the version; a renamed jar is not guessed', () => {
    const build = lines("plugins { id 'org.springframework.boot' version '3.2.0' }", "version = '1.0.0'", 'java { toolchain { languageVersion = JavaLanguageVersion.of(17) } }');
    assert.deepEqual(gradleArtifact(context({ 'build.gradle': build, 'settings.gradle': "rootProject.name = 'orders'" }), 'project'), { jar: 'build/libs/orders-1.0.0.jar', springBoot: true, selfContained: true, executable: true, mainClass: undefined });
    assert.deepEqual(gradleArtifact(context({ 'build.gradle.kts': 'plugins { java }' }), 'app'), { jar: 'build/libs/app.jar', springBoot: false, selfContained: false, executable: false, mainClass: undefined });
    assert.equal(gradleArtifact(context({ 'build.gradle': "bootJar { archiveFileName = 'x.jar' }" }), 'app'), undefined);
    assert.equal(javaVersion(context({ 'build.gradle': build })), '17');
  });

  test('.csproj: AssemblyName, else the file name; the web SDK; one project only', () => {
    assert.deepEqual(dotnetProject(context({ 'Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><AssemblyName>Shop.Api</AssemblyName></PropertyGroup></Project>' })), { file: 'Api.csproj', assembly: 'Shop.Api', web: true });
    assert.deepEqual(dotnetProject(context({ 'Tool.csproj': '<Project Sdk="Microsoft.NET.Sdk"></Project>' })), { file: 'Tool.csproj', assembly: 'Tool', web: false });
    assert.equal(dotnetProject(context({ 'A.csproj': '<Project />', 'B.csproj': '<Project />' })), undefined);
  });

  test('Gemfile gems and composer.json extensions', () => {
    assert.deepEqual(gemNames(context({ Gemfile: lines("source 'https://rubygems.org'", "gem 'rails', '~> 7.1'", 'gem "pg"') })), ['rails', 'pg']);
    assert.deepEqual(phpExtensions(context({ 'composer.json': '{"require": {"php": "^8.2", "ext-intl": "*", "laravel/framework": "^11"}}' })), ['intl']);
  });

  test('the ignore file keeps its entries out of what the build gets', () => {
    const dockerignore = lines('# local only', '.env', 'target/', '*.log', '!keep.log');
    const entries = ['.dockerignore', '.env', 'target/', 'debug.log', 'static/', 'Rocket.toml'];
    assert.deepEqual(entriesSentToBuild({ ...context({}, entries), dockerignore }), ['.dockerignore', 'static/', 'Rocket.toml']);
  });
});
