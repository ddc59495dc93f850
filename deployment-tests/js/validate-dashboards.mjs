// Validates Grafana dashboard JSON files against the JSON schema of Grafana's own dashboard types, generated from
// @grafana/grafana-foundation-sdk's TypeScript declarations with ts-json-schema-generator, using ajv:
//  - the dashboard against dashboard.Dashboard (unknown fields, wrong types, missing required fields fail),
//  - every panel query against prometheus.Dataquery (the SDK leaves the dashboard's query type open),
//  - every panel's options and custom field config against its plugin's Options and FieldConfig.
// Usage: node validate-dashboards.mjs FILE.json...   Prints one line per problem; exit 1 if any.
import { createGenerator } from "ts-json-schema-generator";
import Ajv from "ajv";
import { readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const sdk = join(here, "node_modules/@grafana/grafana-foundation-sdk/dist");

function schemaOf(module, type) {
  const path = join(sdk, module, "types.gen.d.ts");
  const schema = createGenerator({ path, type, skipTypeCheck: true, expose: "export", topRef: true, additionalProperties: false })
    .createSchema(type);
  return schema;
}

// The dashboard schema. cog.Dataquery (panel targets, annotation targets) is an interface with only a marker
// method, so it comes out as a closed empty object; queries are checked against their data source's type instead.
const dashboardSchema = schemaOf("dashboard", "Dashboard");
dashboardSchema.definitions.Dataquery = { type: "object" };
const queryFields = { type: "object", required: ["refId", "expr", "datasource"] };
const promQuerySchema = schemaOf("prometheus", "Dataquery");

// Panel plugins the dashboards may use, with the SDK module of their options and custom field config.
const plugins = { timeseries: "timeseries", stat: "stat", bargauge: "bargauge", table: "table", text: "text", row: null };

const ajv = new Ajv({ allErrors: true, strict: false });
const validateDashboard = ajv.compile(dashboardSchema);
const validateQuery = ajv.compile(promQuerySchema);
const validateQueryFields = ajv.compile(queryFields);
const optionValidators = {};
const customValidators = {};
for (const [type, module] of Object.entries(plugins)) {
  if (!module) continue;
  optionValidators[type] = new Ajv({ allErrors: true, strict: false }).compile(schemaOf(module, "Options"));
  const types = readFileSync(join(sdk, module, "types.gen.d.ts"), "utf8");
  if (/export interface FieldConfig\b/.test(types)) {
    customValidators[type] = new Ajv({ allErrors: true, strict: false }).compile(schemaOf(module, "FieldConfig"));
  }
}

const problems = [];
const report = (file, where, errors) => {
  for (const e of errors) problems.push(`${file}: ${where}${e.instancePath} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`);
};

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate-dashboards.mjs FILE.json...");
  process.exit(2);
}
let panelsChecked = 0, queriesChecked = 0;
for (const file of files) {
  if (!existsSync(file)) { problems.push(`${file}: missing`); continue; }
  let dashboard;
  try { dashboard = JSON.parse(readFileSync(file, "utf8")); } catch (e) { problems.push(`${file}: not JSON: ${e.message}`); continue; }
  if (!validateDashboard(dashboard)) report(file, "", validateDashboard.errors);
  for (const required of ["uid", "title"]) if (!dashboard[required]) problems.push(`${file}: no ${required}`);
  const panels = [];
  for (const p of dashboard.panels ?? []) { panels.push(p); for (const inner of p.panels ?? []) panels.push(inner); }
  for (const panel of panels) {
    panelsChecked++;
    const where = `panel "${panel.title}"`;
    if (!(panel.type in plugins)) { problems.push(`${file}: ${where}: unknown panel type ${panel.type}`); continue; }
    if (optionValidators[panel.type] && panel.options !== undefined && !optionValidators[panel.type](panel.options)) {
      report(file, `${where} options`, optionValidators[panel.type].errors);
    }
    const custom = panel.fieldConfig?.defaults?.custom;
    if (customValidators[panel.type] && custom !== undefined && !customValidators[panel.type](custom)) {
      report(file, `${where} fieldConfig.defaults.custom`, customValidators[panel.type].errors);
    }
    if (panel.type !== "row" && panel.type !== "text" && !(panel.targets?.length > 0)) problems.push(`${file}: ${where}: no queries`);
    for (const t of panel.targets ?? []) {
      queriesChecked++;
      if (!validateQuery(t)) report(file, `${where} query ${t.refId}`, validateQuery.errors);
      if (!validateQueryFields(t)) report(file, `${where} query ${t.refId}`, validateQueryFields.errors);
    }
  }
}
for (const p of problems) console.log(p);
console.log(`checked ${files.length} dashboard(s), ${panelsChecked} panel(s), ${queriesChecked} quer(ies): ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
