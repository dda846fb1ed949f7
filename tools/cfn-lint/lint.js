#!/usr/bin/env node
'use strict';
/*
 * node tools/cfn-lint/lint.js <template.yaml|json> [...]
 *
 * Runs the validator of npm's cfn-lint 1.9.7 (the only CloudFormation linter this project can install) with its
 * 2019 data swapped for newer data when cfn-lint loads it, through require.cache (node_modules stays untouched):
 *   - aws_resources_specification.json: the CloudFormation spec of @aws-cdk/cfnspec 2.72.1 (spec 117.0.0, 2023)
 *     plus the CloudFormation section of spec-overlay.json;
 *   - sam_20161031_*.json: cfn-lint's SAM data, updated with the AWS::Serverless::* types of cfnspec (HttpApi, the
 *     HttpApi event, Architectures, ...) and the Serverless/SamGlobals/SamImplicitResources sections of the overlay;
 *   - aws_parameter_types.json: plus the overlay's ParameterTypes.
 * Prints every error ("crit") and warning, then one summary line; exits 1 if any template has an error.
 */
const fs = require('fs');
const path = require('path');
const Module = require('module');

const CFN_LINT_DIR = path.dirname(require.resolve('cfn-lint/package.json'));
const CFN_LINT_LIB = path.join(CFN_LINT_DIR, 'lib') + path.sep;
const CFN_LINT_DATA = path.join(CFN_LINT_DIR, 'data') + path.sep;
const OVERLAY_FILE = path.join(__dirname, 'spec-overlay.json');

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isSam = (typeName) => typeName.startsWith('AWS::Serverless::');

// Merges spec-shaped overlay types into spec, property by property: an overlay property that names its type
// (Type or PrimitiveType) replaces the existing definition; one that does not (say only "Required": false) amends it.
function mergeSpec(spec, overlay) {
  for (const section of ['ResourceTypes', 'PropertyTypes']) {
    for (const [typeName, { Properties = {}, ...typeFields }] of Object.entries(overlay[section] || {})) {
      const target = (spec[section][typeName] ??= {});
      Object.assign(target, typeFields);
      target.Properties ??= {};
      for (const [name, prop] of Object.entries(Properties)) {
        const namesType = 'Type' in prop || 'PrimitiveType' in prop;
        target.Properties[name] = namesType ? prop : { ...target.Properties[name], ...prop };
      }
    }
  }
  return spec;
}

// The overlay documents each entry with a "Note" key; cfn-lint must not see them (a Note would look like a property).
function stripNotes(value) {
  if (Array.isArray(value)) return value.map(stripNotes);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'Note').map(([k, v]) => [k, stripNotes(v)]));
}

// cfnspec writes a SAM property that accepts several types as PrimitiveTypes/Types/(Inclusive)(Primitive)ItemTypes;
// cfn-lint 1.9.7 does not read those keys. Its own notation is Type: ['#Name<T1>', '#Name<T2>', ...], from which
// validator.js picks the candidate that matches the value in the template (applySAMPropertyOverrides).
function toCfnLintSamProperty(name, prop) {
  const aggregate = prop.Type === 'Map' ? 'Map' : 'List';
  const itemTypes = [prop.PrimitiveItemTypes, prop.ItemTypes, prop.InclusivePrimitiveItemTypes, prop.InclusiveItemTypes]
    .flatMap((list) => list || []);
  const candidates = [...(prop.PrimitiveTypes || []), ...(prop.Types || []), ...itemTypes.map((t) => `${aggregate}<${t}>`)];
  if (candidates.length === 0) return prop;
  const { Documentation, Required, UpdateType } = prop;
  return { Documentation, Required, UpdateType, Type: candidates.map((t) => `#${name}<${t}>`) };
}

// Builds the replacement for each data file cfn-lint requires, keyed by file name.
function buildData() {
  const cfnspec = readJson(require.resolve('@aws-cdk/cfnspec/spec/specification.json'));
  const overlay = stripNotes(readJson(OVERLAY_FILE));

  // SAM types: start from cfn-lint's (their shape is what its SAM code expects), replace or add each property that
  // cfnspec knows (newer), keep cfn-lint's extras (e.g. Function.Hooks), then the overlay.
  const sam = readJson(CFN_LINT_DATA + 'sam_20161031_cfn.json');
  for (const section of ['ResourceTypes', 'PropertyTypes']) {
    for (const [typeName, def] of Object.entries(cfnspec[section]).filter(([n]) => isSam(n))) {
      const properties = Object.entries(def.Properties || {}).map(([n, p]) => [n, toCfnLintSamProperty(n, p)]);
      mergeSpec(sam, { [section]: { [typeName]: { Properties: Object.fromEntries(properties) } } });
    }
  }
  mergeSpec(sam, overlay.Serverless);

  // A SAM Policies list may mix IAM documents and policy templates, but cfn-lint gives every item the type it infers
  // for the first one. One item type accepting both keeps such lists checkable (policy names: see lintFile).
  for (const owner of ['AWS::Serverless::Function', 'AWS::Serverless::StateMachine']) {
    const document = sam.PropertyTypes[`${owner}.IAMPolicyDocument`].Properties;
    const templates = sam.PropertyTypes[`${owner}.SAMPolicyTemplate`].Properties;
    sam.PropertyTypes[`${owner}.PolicyItem`] = {
      Properties: { ...templates, ...document, Statement: { ...document.Statement, Required: false } },
    };
    const policies = sam.ResourceTypes[owner].Properties.Policies;
    policies.Type = [...policies.Type.filter((t) => !t.includes('List<')), '#Policies<List<String>>', '#Policies<List<PolicyItem>>'];
  }

  // CloudFormation spec without the SAM types: cfn-lint adds the SAM ones itself, and only when the template
  // declares the AWS::Serverless-2016-10-31 transform.
  for (const section of ['ResourceTypes', 'PropertyTypes']) {
    for (const typeName of Object.keys(cfnspec[section]).filter(isSam)) delete cfnspec[section][typeName];
  }
  mergeSpec(cfnspec, overlay.CloudFormation);

  return {
    'aws_resources_specification.json': cfnspec,
    'sam_20161031_cfn.json': sam,
    'sam_20161031_globals.json': { AllowedProperties: overlay.SamGlobals },
    'sam_20161031_output_resources.json': {
      ...readJson(CFN_LINT_DATA + 'sam_20161031_output_resources.json'), ...overlay.SamImplicitResources },
    'aws_parameter_types.json': { ...readJson(CFN_LINT_DATA + 'aws_parameter_types.json'), ...overlay.ParameterTypes },
  };
}

// cfn-lint keeps its state in module globals and mutates its data while validating (SAM merge, per-resource
// overrides), so every template gets freshly loaded cfn-lint modules and a fresh copy of the data. Its logger is
// kept: it holds no state, and each new one would add a process 'uncaughtException' listener.
function loadCfnLint(data) {
  for (const id of Object.keys(require.cache)) {
    const isLogger = id === CFN_LINT_LIB + 'logger.js';
    if ((id.startsWith(CFN_LINT_LIB) && !isLogger) || id.startsWith(CFN_LINT_DATA)) delete require.cache[id];
  }
  for (const [file, value] of Object.entries(data)) {
    const filename = CFN_LINT_DATA + file;
    const module = new Module(filename, null);
    Object.assign(module, { filename, loaded: true, exports: structuredClone(value) });
    require.cache[filename] = module;
  }
  return { api: require('cfn-lint/lib/api'), parser: require('cfn-lint/lib/parser') };
}

// cfn-lint 1.9.7 only knows the Function, Api and SimpleTable sections of Globals and calls any other one invalid.
// The HttpApi section is checked and applied here instead (top-level properties, the resource's own win), then
// hidden from cfn-lint.
const EXTRA_GLOBALS = { HttpApi: 'AWS::Serverless::HttpApi' };
function applyExtraGlobals(template, allowedProperties, errors) {
  if (!isObject(template.Globals) || !isObject(template.Resources)) return;
  for (const [section, resourceType] of Object.entries(EXTRA_GLOBALS)) {
    const values = template.Globals[section];
    if (!isObject(values)) continue;
    delete template.Globals[section];
    const inherited = {};
    for (const [name, value] of Object.entries(values)) {
      if (allowedProperties[section].includes(name)) inherited[name] = value;
      else errors.push({ message: `Invalid or unsupported SAM Globals property name: ${name}`, resource: `Globals > ${section}` });
    }
    for (const resource of Object.values(template.Resources)) {
      if (isObject(resource) && resource.Type === resourceType) resource.Properties = { ...inherited, ...resource.Properties };
    }
  }
}

// cfn-lint types a whole list after its first item. The PolicyItem type (buildData) lets a SAM Policies list mix
// templates and documents, but not policy names, which are strings ("Expecting a string, got {...}"). So in a list
// with both, only the templates/documents are checked; names (strings or intrinsics such as !Ref/!Sub) are left out.
const isIntrinsic = (v) => isObject(v) && Object.keys(v).length === 1 && /^(Ref|Fn::)/.test(Object.keys(v)[0]);
function dropNamesFromMixedPolicyLists(template) {
  for (const resource of Object.values(isObject(template.Resources) ? template.Resources : {})) {
    const policies = isObject(resource) && isSam(String(resource.Type)) && resource.Properties?.Policies;
    if (!Array.isArray(policies)) continue;
    const documents = policies.filter((p) => isObject(p) && !isIntrinsic(p));
    if (documents.length > 0 && documents.length < policies.length) resource.Properties.Policies = documents;
  }
}

// Returns { errors: [{message, resource}], warnings: [...] } for one template file.
function lintFile(file, data = buildData()) {
  const { api, parser } = loadCfnLint(data);
  let template;
  try {
    template = parser.openFile(file);
  } catch (e) {
    return { errors: [{ message: `cannot parse: ${e.message}`, resource: '' }], warnings: [] };
  }
  if (!isObject(template)) return { errors: [{ message: 'not a template object', resource: '' }], warnings: [] };
  const errors = [];
  // The Rules section (parameter assertions; CDK adds CheckBootstrapVersion to every stack) is newer than
  // cfn-lint 1.9.7, which reports each rule function in it as "not supported here": it is left unchecked.
  delete template.Rules;
  applyExtraGlobals(template, data['sam_20161031_globals.json'].AllowedProperties, errors);
  dropNamesFromMixedPolicyLists(template);
  try {
    const result = api.validateJsonObject(template, {});
    return { errors: [...errors, ...result.errors.crit], warnings: result.errors.warn };
  } catch (e) {
    // cfn-lint throws on some malformed input instead of reporting it.
    return { errors: [...errors, { message: `cfn-lint crashed: ${e.message}`, resource: '' }], warnings: [] };
  }
}

function main(files) {
  if (files.length === 0 || files.some((f) => f === '-h' || f === '--help')) {
    console.error('usage: node tools/cfn-lint/lint.js <template.yaml|template.json> [...]');
    return 2;
  }
  const data = buildData();
  let errorCount = 0;
  let warningCount = 0;
  for (const file of files) {
    const { errors, warnings } = lintFile(file, data);
    const where = (e) => (e.resource ? `${e.resource}: ` : '');
    for (const e of errors) console.log(`${file}: error: ${where(e)}${e.message}`);
    for (const w of warnings) console.log(`${file}: warning: ${where(w)}${w.message}`);
    errorCount += errors.length;
    warningCount += warnings.length;
  }
  const verdict = errorCount === 0 ? 'OK' : 'FAILED';
  console.log(`cfn-lint: ${verdict}: ${files.length} template(s), ${errorCount} error(s), ${warningCount} warning(s)`);
  return errorCount === 0 ? 0 : 1;
}

module.exports = { lintFile, buildData };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
