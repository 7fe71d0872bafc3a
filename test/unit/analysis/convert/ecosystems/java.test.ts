import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../../../helpers';
import { convertText, goldenTests } from '../golden';

describe('Java with Maven', () => {
  goldenTests('maven', ['java-maven-single', 'maven-wrapper-alpine', 'java-spring-boot-run', 'java-maven-pom-version', 'java-openjdk-prebuilt', 'java-prebuilt-jar', 'java-maven-exec', 'java-maven-jar', 'java-jar-pattern-openjdk8', 'java-maven-multi-module']);

  test('without the build context, declines `mvn spring-boot:run`: the jar is named in pom.xml', () => {
    const result = convertText(lines('FROM maven:3.9-eclipse-temurin-21', 'WORKDIR /app', 'COPY . .', 'RUN mvn -B package', 'CMD ["mvn", "spring-boot:run"]'));
    assert.equal(result.kind, 'declined');
    assert.match(result.reason, /pom\.xml, which could not be read \(no build context/);
  });

  test('declines `mvn exec:java` when the jar cannot run alone: runtime dependencies not packed in, or no main class', () => {
    const dockerfile = lines('FROM maven:3.9-eclipse-temurin-21', 'WORKDIR /app', 'COPY . .', 'CMD ["mvn", "exec:java"]');
    const pom = (body: string) => ({ state: 'read' as const, files: { 'pom.xml': `<project><artifactId>tool</artifactId><version>1.0</version>${body}</project>` }, entries: ['pom.xml'] });
    const withDependency = convertText(dockerfile, 'file:///w/Dockerfile', pom('<dependencies><dependency><artifactId>jackson-databind</artifactId></dependency></dependencies><mainClass>a.Main</mainClass>'));
    assert.equal(withDependency.kind === 'declined' && /lacks the dependencies/.test(withDependency.reason), true);
    const noMain = convertText(dockerfile, 'file:///w/Dockerfile', pom('<dependencies><dependency><artifactId>junit</artifactId><scope>test</scope></dependency></dependencies>'));
    assert.equal(noMain.kind === 'declined' && /names no main class/.test(noMain.reason), true);
    const execMain = convertText(lines('FROM maven:3.9-eclipse-temurin-21', 'WORKDIR /app', 'COPY . .', 'CMD ["mvn", "exec:java", "-Dexec.mainClass=a.Main", "-Dexec.args=--port 9000"]'), 'file:///w/Dockerfile', pom(''));
    assert.equal(execMain.kind, 'converted');
    assert.match(execMain.text, /^CMD \["java", "-cp", "\/app\/target\/tool-1\.0\.jar", "a\.Main", "--port", "9000"\]$/m);
  });

  test('declines when the image does not say which Java the runtime needs', () => {
    const result = convertText(lines('FROM maven:3.9', 'WORKDIR /app', 'COPY . .', 'RUN mvn -B package', 'CMD ["java", "-jar", "target/app.jar"]'));
    assert.equal(result.kind, 'declined');
    assert.match(result.reason, /eclipse-temurin:<Java version of the build>-jre/);
  });
});

describe('Java with Gradle', () => {
  goldenTests('gradle', ['java-gradle-single', 'java-gradle-single-wrapper', 'java-gradle-bootrun', 'gradle-jdk-without-jre', 'java-gradle-multi-project', 'java-gradle-os-jdk']);

  test('declines when CMD does not start a jar', () => {
    const result = convertText(lines('FROM gradle:8.10-jdk21', 'WORKDIR /app', 'COPY . .', 'RUN gradle installDist', 'CMD ["build/install/app/bin/app"]'));
    assert.equal(result.kind, 'declined');
    assert.match(result.reason, /java -jar/);
  });
});
