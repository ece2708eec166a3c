// Validates Kubernetes manifests without a cluster: every object against the API schema of its
// kind (the kubernetes-models package), then what the router needs of them. validate.sh runs it
// on the rendered kustomizations and on the Secret template.
//   node validate.mjs NODE_MODULES REPOSITORY FILE.yaml...
// Prints one line per object and each problem; exits 1 when there is one.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, repository, ...files] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(path.join(modules, file)).href);
const YAML = (await load('yaml/dist/index.js')).default;

const problems = [];
const problem = (where, text) => problems.push(`${where}: ${text}`);

async function schemaCheck(object, where) {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const file = path.join('kubernetes-models', group, version, `${object.kind}.js`);
  if (!fs.existsSync(path.join(modules, file))) {
    problem(where, `no schema for ${object.apiVersion} ${object.kind}`);
    return;
  }
  const Model = (await load(file))[object.kind];
  try {
    new Model(object).validate();
  } catch (error) {
    problem(where, `${error.message}`.split('\n').slice(0, 6).join(' '));
  }
}

// camel.main.shutdown-timeout (seconds) of the application.yaml that goes into the ConfigMap.
function shutdownTimeout(settings) {
  const seconds = YAML.parse(settings)?.camel?.main?.['shutdown-timeout'];
  return typeof seconds === 'number' ? seconds : null;
}

function routerChecks(objects, file) {
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const deployment = byKind('Deployment')[0];
  if (!deployment) {
    return;
  }
  const where = `${file}: Deployment ${deployment.metadata.name}`;
  const pod = deployment.spec.template.spec;
  const router = pod.containers[0];
  const portOf = (name) => (typeof name === 'number' ? name : router.ports.find((p) => p.name === name)?.containerPort);
  const autoscaled = byKind('HorizontalPodAutoscaler').length > 0;
  if (autoscaled ? deployment.spec.replicas !== undefined : deployment.spec.replicas !== 2) {
    problem(where, autoscaled ? 'replicas set beside the autoscaler: each apply would reset them' : `replicas ${deployment.spec.replicas}, expected 2`);
  }
  for (const [probe, wanted] of [['livenessProbe', '/actuator/health/liveness'], ['readinessProbe', '/actuator/health/readiness']]) {
    const get = router[probe]?.httpGet;
    if (!get || get.path !== wanted || portOf(get.port) !== 8081) problem(where, `${probe} must GET ${wanted} on the management port 8081`);
  }
  if (!router.resources?.requests || !router.resources?.limits?.memory) problem(where, 'resources: requests and a memory limit are needed');
  if (router.securityContext?.readOnlyRootFilesystem !== true) problem(where, 'the root filesystem must be read-only');
  if (pod.securityContext?.runAsNonRoot !== true) problem(where, 'the pod must run as non-root');
  if (!router.envFrom?.some((e) => e.secretRef?.name === 'vobiz-router-secrets')) problem(where, 'secrets must come from the Secret vobiz-router-secrets');
  for (const variable of router.env ?? []) {
    if (/SECRET|PASSWORD|TOKEN/.test(variable.name) && variable.value !== undefined) problem(where, `${variable.name} is set in the manifest: take it from the Secret`);
  }

  const configMaps = byKind('ConfigMap');
  const mounted = (mountPath) => {
    const mount = router.volumeMounts?.find((m) => m.mountPath === mountPath);
    const volume = mount && pod.volumes.find((v) => v.name === mount.name);
    return volume && configMaps.find((c) => c.metadata.name === volume.configMap?.name);
  };
  const settings = mounted('/config');
  const routes = mounted('/config/routes');
  if (!settings?.data?.['application.yaml']) {
    problem(where, 'application.yaml must be mounted from a ConfigMap at /config');
  } else {
    const timeout = shutdownTimeout(settings.data['application.yaml']);
    if (timeout === null) problem(where, 'camel.main.shutdown-timeout not found in application.yaml');
    else if (!(pod.terminationGracePeriodSeconds > timeout)) problem(where, `terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} must be longer than camel.main.shutdown-timeout (${timeout} s)`);
  }
  if (!routes) {
    problem(where, 'routes/ must be mounted from a ConfigMap at /config/routes');
  } else {
    const expected = fs.readdirSync(path.join(repository, 'routes')).filter((f) => f.endsWith('.camel.yaml')).sort();
    const present = Object.keys(routes.data ?? {}).sort();
    const missing = expected.filter((f) => !present.includes(f));
    if (missing.length) problem(where, `routes missing from ConfigMap ${routes.metadata.name}: ${missing.join(', ')} (add them to its configMapGenerator)`);
  }

  for (const service of byKind('Service')) {
    const ports = service.spec.ports.map((p) => portOf(p.targetPort ?? p.port));
    if (ports.length !== 1 || ports[0] !== 8080) problem(`${file}: Service ${service.metadata.name}`, `must expose the webhook port 8080 only, not ${ports.join(', ')}`);
  }
  const labels = deployment.spec.template.metadata.labels;
  const selects = (selector) => Object.entries(selector?.matchLabels ?? selector ?? {}).every(([k, v]) => labels[k] === v);
  for (const budget of byKind('PodDisruptionBudget')) {
    if (!selects(budget.spec.selector)) problem(`${file}: PodDisruptionBudget ${budget.metadata.name}`, 'does not select the router pods');
  }
  for (const service of byKind('Service')) {
    if (!selects(service.spec.selector)) problem(`${file}: Service ${service.metadata.name}`, 'does not select the router pods');
  }
  for (const autoscaler of byKind('HorizontalPodAutoscaler')) {
    if (autoscaler.spec.scaleTargetRef.name !== deployment.metadata.name) problem(`${file}: HorizontalPodAutoscaler ${autoscaler.metadata.name}`, 'does not scale the router');
  }
}

for (const file of files) {
  const objects = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter(Boolean);
  if (objects.length === 0) problem(file, 'no objects');
  for (const object of objects) {
    const where = `${file}: ${object.kind} ${object.metadata?.name}`;
    await schemaCheck(object, where);
    console.log(`checked ${where}`);
  }
  routerChecks(objects, file);
}
for (const line of problems) console.error(`INVALID ${line}`);
console.log(problems.length ? `${problems.length} problems` : `${files.length} files valid`);
process.exit(problems.length ? 1 : 0);
