#!/usr/bin/env node
'use strict';
// node tools/cfn-lint/selftest.js — proves lint.js passes modern templates and still catches real mistakes.
// Each case runs the CLI as CI does (a child process) and checks its exit code and output.
const test = require('node:test');
const assert = require('node:assert');
const path = require('path');
const { spawnSync } = require('child_process');

const LINT = path.join(__dirname, 'lint.js');
const fixture = (name) => path.join(__dirname, 'fixtures', name);

function lint(...files) {
  const run = spawnSync(process.execPath, [LINT, ...files], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

function assertPasses(file) {
  const { status, out } = lint(fixture(file));
  assert.strictEqual(status, 0, out);
  assert.match(out, /cfn-lint: OK: 1 template\(s\), 0 error\(s\)/, out);
}

function assertFails(file, expectedError) {
  const { status, out } = lint(fixture(file));
  assert.strictEqual(status, 1, out);
  assert.ok(out.includes(expectedError), `expected "${expectedError}" in:\n${out}`);
  assert.match(out, /cfn-lint: FAILED: 1 template\(s\), 1 error\(s\)/, out);
}

test('a valid modern SAM template passes', () => assertPasses('sam-valid.yaml'));

test('a template synthesized by CDK 2.160 (Amazon.CDK.Lib, C#) passes', () => assertPasses('cdk-synth-sample.template.json'));

test('a misspelt property fails', () =>
  assertFails('sam-misspelt-property.yaml',
    'Resources > ProxyFunction > Properties > MemorySise: MemorySise is not a valid property of AWS::Serverless::Function'));

test('a wrong resource type fails', () =>
  assertFails('sam-wrong-type.yaml', 'Resource GatewayApi has an invalid Type of AWS::Serverless::HttpAPI'));

test('a !Ref to a missing resource fails', () =>
  assertFails('sam-bad-ref.yaml', 'Referenced value GatewayAPI does not exist'));

test('a misspelt property inside an overlay property type fails', () =>
  assertFails('cfn-misspelt-nested-property.json',
    'LogFormatt is not a valid property of AWS::Lambda::Function.LoggingConfig'));

test('a misspelt property in Globals.HttpApi fails', () =>
  assertFails('sam-bad-globals.yaml', 'Globals > HttpApi: Invalid or unsupported SAM Globals property name: CorsConfig'));

test('several templates in one run: errors are counted per template, no state leaks between them', () => {
  const { status, out } = lint(fixture('sam-valid.yaml'), fixture('sam-bad-ref.yaml'), fixture('cdk-synth-sample.template.json'));
  assert.strictEqual(status, 1, out);
  assert.match(out, /cfn-lint: FAILED: 3 template\(s\), 1 error\(s\)/, out);
});

test('without the data swap, cfn-lint 1.9.7 rejects the valid SAM template (so the swap is what makes it pass)', () => {
  const script = `const r = require('cfn-lint/lib/api').validateFile(${JSON.stringify(fixture('sam-valid.yaml'))}, {});
    console.log(r.errors.crit.map((e) => e.message).join('\\n'));`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: __dirname, encoding: 'utf8' });
  assert.match(run.stdout, /invalid Type of AWS::Serverless::HttpApi/, run.stdout + run.stderr);
});

test('no arguments: usage and exit code 2', () => {
  const { status, out } = lint();
  assert.strictEqual(status, 2, out);
  assert.match(out, /usage:/);
});
