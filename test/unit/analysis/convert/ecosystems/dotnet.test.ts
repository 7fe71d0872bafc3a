import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../../../helpers';
import { convertText, goldenTests } from '../golden';

describe('.NET', () => {
  goldenTests('dotnet', ['dotnet-single-sdk', 'dotnet-single-webapi', 'dotnet-windows-single', 'dotnet-console-no-output', 'dotnet-run-core31']);

  test('runs a web app on aspnet and a console app on the plain runtime', () => {
    const base = ['FROM mcr.microsoft.com/dotnet/sdk:8.0', 'WORKDIR /src', 'COPY . .', 'RUN dotnet publish -c Release -o /app'];
    const console = convertText(lines(...base, 'ENTRYPOINT ["dotnet", "/app/Tool.dll"]'));
    assert.equal(console.kind === 'converted' && console.runtimeImage, 'mcr.microsoft.com/dotnet/runtime:8.0');
    const web = convertText(lines(...base, 'EXPOSE 8080', 'ENTRYPOINT ["dotnet", "/app/Web.dll"]'));
    assert.equal(web.kind === 'converted' && web.runtimeImage, 'mcr.microsoft.com/dotnet/aspnet:8.0');
  });

  test('reads Windows paths as written, backslashes included', () => {
    const result = convertText(lines('# escape=`', 'FROM mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022', 'WORKDIR C:\\src', 'COPY . .', 'RUN dotnet publish -c Release -o C:\\app', 'ENTRYPOINT ["dotnet", "C:\\\\app\\\\Worker.dll"]'));
    assert.equal(result.kind, 'converted');
    assert.match(result.text, /COPY --from=build C:\\app C:\\app\n/);
  });
});
