// node validate.mjs OBJECTS.json: every Kubernetes object in the file (a JSON array, as the chart
// renders them) checked against the Kubernetes API schema, offline: the OpenAPI schemas that the
// kubernetes-models packages compile (the core API, and KEDA's CRDs), types, enums, formats and
// required fields, and, as the API server's strict field validation does, no field the schema
// does not define (a misspelt "readinesProbe" is an error, not a silently ignored key).
// Prints one line per object; exits 1 if any object is invalid.
import { readFileSync } from "node:fs";

/** The module that holds an apiVersion's models. */
async function models(apiVersion) {
  const path = apiVersion.startsWith("keda.sh/")
    ? `@kubernetes-models/keda/${apiVersion}`
    : `kubernetes-models/${apiVersion}`;
  try {
    return await import(path);
  } catch {
    return null;
  }
}

/**
 * The schema's validator reads every property the schema defines (and enumerates the keys of a
 * map, such as labels or a ConfigMap's data); a key of the object it never read is a field the
 * schema does not have. The object is validated through proxies that record those reads.
 */
function unknownFields(validate, object) {
  const seen = new Map();
  const proxies = new WeakMap();
  const wrap = (value, path) => {
    if (value === null || typeof value !== "object") return value;
    if (proxies.has(value)) return proxies.get(value);
    const state = { path, read: new Set(), enumerated: false };
    seen.set(value, state);
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const child = Reflect.get(target, key, receiver);
        if (typeof key !== "string") return child;
        state.read.add(key);
        return wrap(child, `${path}/${key}`);
      },
      has(target, key) {
        if (typeof key === "string") state.read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        state.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  validate.call(wrap(object, ""));
  const unknown = [];
  for (const [value, state] of seen) {
    if (Array.isArray(value) || state.enumerated) continue;
    for (const key of Object.keys(value)) {
      if (!state.read.has(key)) unknown.push(`${state.path}/${key}`);
    }
  }
  return unknown;
}

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
let invalid = 0;
for (const object of objects) {
  const name = `${object.apiVersion} ${object.kind} ${object.metadata?.name}`;
  const Model = (await models(object.apiVersion))?.[object.kind];
  if (!Model) {
    console.log(`INVALID ${name}: no such kind in the Kubernetes API (or KEDA's)`);
    invalid++;
    continue;
  }
  const model = new Model(structuredClone(object));
  try {
    model.validate();
  } catch (e) {
    console.log(`INVALID ${name}: ${e.message}`);
    invalid++;
    continue;
  }
  const unknown = unknownFields(Model.prototype.validate, JSON.parse(JSON.stringify(model)));
  if (unknown.length > 0) {
    console.log(`INVALID ${name}: fields the schema does not define: ${unknown.join(", ")}`);
    invalid++;
    continue;
  }
  console.log(`valid ${name}`);
}
console.log(`${objects.length - invalid} valid, ${invalid} invalid`);
process.exit(invalid > 0 ? 1 : 0);
