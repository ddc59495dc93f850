// Validates rendered Kubernetes manifests (a multi-document YAML file, e.g. `helm template` output) against the
// Kubernetes API schemas of kubernetes-models (core and apps/policy/autoscaling/networking), KEDA's and the
// Prometheus operator's. Every object must be of a known kind; objects with schema errors fail.
// Usage: node validate-manifests.mjs FILE.yaml   Prints one line per object and per problem; exit 1 on any problem.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const modules = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
  "batch/v1": "kubernetes-models/batch/v1",
  "keda.sh/v1alpha1": "@kubernetes-models/keda/keda.sh/v1alpha1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

const file = process.argv[2];
if (!file) { console.error("usage: node validate-manifests.mjs FILE.yaml"); process.exit(2); }
const problems = [];
let count = 0;
for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
  if (doc.errors.length) { problems.push(`YAML error: ${doc.errors.map(e => e.message).join("; ")}`); continue; }
  const obj = doc.toJS();
  if (obj == null) continue;
  count++;
  const id = `${obj.apiVersion} ${obj.kind} ${obj.metadata?.name}`;
  const module = modules[obj.apiVersion];
  if (!module) { problems.push(`${id}: no schema known for apiVersion ${obj.apiVersion}`); continue; }
  const models = await import(module);
  const Model = models[obj.kind];
  if (!Model) { problems.push(`${id}: no schema known for kind ${obj.kind} in ${obj.apiVersion}`); continue; }
  try {
    new Model(obj).validate();
    console.log(`ok ${id}`);
  } catch (e) {
    problems.push(`${id}: ${e.message}${e.errors ? " " + JSON.stringify(e.errors.map(x => `${x.instancePath} ${x.message} ${JSON.stringify(x.params)}`)) : ""}`);
  }
}
for (const p of problems) console.log(`problem ${p}`);
console.log(`checked ${count} object(s): ${problems.length} problem(s)`);
process.exit(problems.length === 0 && count > 0 ? 0 : 1);
