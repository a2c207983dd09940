/**
 * Error scenarios (kubectl 1.33): what the API server rejects and exactly how kubectl reports it.
 */
import type { Scenario } from "./scenario";
import { configMap, deployment } from "./fixtures";

const RFC1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const RFC1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

export const errorScenarios: Scenario[] = [
  {
    name: "AlreadyExists from a generator",
    namespace: "e-exists",
    steps: [
      { args: ["create", "configmap", "dup", "--from-literal=a=1"], stdout: "configmap/dup created\n" },
      { args: ["create", "configmap", "dup", "--from-literal=a=1"], code: 1, stderr: 'error: failed to create configmap: configmaps "dup" already exists\n' },
      { args: ["create", "namespace", "default"], code: 1, stderr: 'Error from server (AlreadyExists): namespaces "default" already exists\n' },
    ],
  },
  {
    name: "Invalid names, one cause and several",
    namespace: "e-names",
    steps: [
      { args: ["create", "configmap", "Bad_Name"], code: 1, stderr: `error: failed to create configmap: ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${RFC1123_SUBDOMAIN}\n` },
      {
        args: ["run", "UPPER", "--image=nginx"],
        code: 1,
        stderr: `The Pod "UPPER" is invalid: \n* metadata.name: Invalid value: "UPPER": ${RFC1123_SUBDOMAIN}\n* spec.containers[0].name: Invalid value: "UPPER": ${RFC1123_LABEL}\n`,
      },
      {
        args: ["create", "namespace", "Not-Valid"],
        code: 1,
        stderr: `The Namespace "Not-Valid" is invalid: metadata.name: Invalid value: "Not-Valid": ${RFC1123_LABEL}\n`,
      },
    ],
  },
  {
    name: "Invalid deployment: several field errors at once",
    namespace: "e-invalid",
    files: {
      "bad.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
spec:
  replicas: 1
  selector:
    matchLabels:
      app: one
  template:
    metadata:
      labels:
        app: two
    spec:
      containers:
      - name: c
        image: ""
`,
    },
    steps: [
      {
        args: ["apply", "-f", "bad.yaml"],
        code: 1,
        stderr:
          'The Deployment "broken" is invalid: \n* spec.template.metadata.labels: Invalid value: map[string]string{"app":"two"}: `selector` does not match template `labels`\n* spec.template.spec.containers[0].image: Required value\n',
      },
    ],
  },
  {
    name: "an immutable field cannot change",
    namespace: "e-immutable",
    files: { "d.yaml": deployment("imm", 1), "d-other.yaml": deployment("imm", 1).replace("  selector:\n    matchLabels:\n      app: imm\n", "  selector:\n    matchLabels:\n      app: other\n").replace("      labels:\n        app: imm\n", "      labels:\n        app: other\n") },
    steps: [
      { args: ["apply", "-f", "d.yaml"], stdout: "deployment.apps/imm created\n" },
      {
        args: ["apply", "-f", "d-other.yaml"],
        code: 1,
        stderr: 'The Deployment "imm" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable\n',
      },
    ],
  },
  {
    name: "--validate=false and --validate=warn let an unknown field through",
    namespace: "e-validate",
    files: { "u.yaml": deployment("loose", 1, "  foo: bar\n"), "w.yaml": deployment("warned", 1, "  foo: bar\n") },
    steps: [
      { args: ["apply", "-f", "u.yaml", "--validate=false"], stdout: "deployment.apps/loose created\n" },
      { args: ["get", "deploy", "loose", "-o", "jsonpath={.spec.foo}|{.spec.replicas}"], stdout: "|1" },
      { args: ["apply", "-f", "w.yaml", "--validate=warn"], stdout: "deployment.apps/warned created\n", stderr: 'Warning: unknown field "spec.foo"\n' },
      { args: ["create", "-f", "u.yaml", "--validate=strict"], code: 1, stderr: 'Error from server (BadRequest): error when creating "u.yaml": strict decoding error: unknown field "spec.foo"\n' },
    ],
  },
  {
    name: "a wrong apiVersion and an unknown kind in a file",
    namespace: "e-kinds",
    files: {
      "v2.yaml": "apiVersion: apps/v2\nkind: Deployment\nmetadata:\n  name: wv\n",
      "foo.yaml": "apiVersion: v1\nkind: Foo\nmetadata:\n  name: f\n",
      "nokind.yaml": "apiVersion: v1\nmetadata:\n  name: nk\n",
    },
    steps: [
      { args: ["apply", "-f", "v2.yaml"], code: 1, stderr: 'error: resource mapping not found for name: "wv" namespace: "" from "v2.yaml": no matches for kind "Deployment" in version "apps/v2"\nensure CRDs are installed first\n' },
      { args: ["create", "-f", "foo.yaml"], code: 1, stderr: 'error: resource mapping not found for name: "f" namespace: "" from "foo.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n' },
      { args: ["apply", "-f", "nokind.yaml"], code: 1, stderr: "error: error validating \"nokind.yaml\": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n" },
    ],
  },
  {
    name: "malformed manifests and patch bodies",
    namespace: "e-malformed",
    files: { "broken.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n", "broken.json": '{"apiVersion": "v1", "kind": "ConfigMap",' },
    steps: [
      { args: ["apply", "-f", "broken.yaml"], code: 1, stderr: /^error: error parsing broken\.yaml: error converting YAML to JSON: yaml: line 4: did not find expected ',' or ']'\n$/ },
      { args: ["create", "-f", "broken.json"], code: 1, stderr: /^error: error parsing broken\.json: .*\n$/ },
      // kubectl sends a -p it cannot parse as is; the strategic merge patch decoder rejects it
      { args: ["patch", "configmap", "kube-root-ca.crt", "-p", "{bad"], code: 1, stderr: "Error from server (BadRequest): invalid character 'b' looking for beginning of object key string\n" },
    ],
  },
  {
    name: "bad patches are rejected with the reason",
    namespace: "e-patch",
    steps: [
      { args: ["create", "configmap", "p", "--from-literal=a=1"], stdout: "configmap/p created\n" },
      { args: ["patch", "configmap", "p", "--type=json", "-p", '[{"op":"replace","path":"/data/missing","value":"x"}]'], code: 1, stderr: 'The request is invalid: the server rejected our request due to an error in our request\n' },
      { args: ["patch", "configmap", "p", "--type=json", "-p", '[{"op":"test","path":"/data/a","value":"2"}]'], code: 1, stderr: 'The request is invalid: the server rejected our request due to an error in our request\n' },
      { args: ["patch", "configmap", "p", "--type=json", "-p", '{"op":"add"}'], code: 1, stderr: /^Error from server \(BadRequest\): json: cannot unmarshal object into Go value of type jsonpatch\.Patch\n$/ },
      { args: ["patch", "configmap", "p", "-p", '{"metadata":{"name":"renamed"}}'], code: 1, stderr: /^Error from server \(BadRequest\): .*the name of the object \(renamed\) does not match the name on the URL \(p\)\n$/ },
      { args: ["patch", "configmap", "nope", "-p", '{"data":{"a":"2"}}'], code: 1, stderr: 'Error from server (NotFound): configmaps "nope" not found\n' },
      { args: ["get", "configmap", "p", "-o", "jsonpath={.data}"], stdout: '{"a":"1"}' },
    ],
  },
  {
    name: "writes into a missing namespace are NotFound",
    namespace: "e-nsmissing",
    files: { "cm.yaml": configMap("lost", { a: "b" }, "  namespace: e-nowhere\n") },
    steps: [
      { args: ["create", "configmap", "x", "-n", "e-nowhere", "--from-literal=a=1"], code: 1, stderr: 'error: failed to create configmap: namespaces "e-nowhere" not found\n' },
      { args: ["apply", "-f", "cm.yaml"], code: 1, stderr: 'Error from server (NotFound): error when creating "cm.yaml": namespaces "e-nowhere" not found\n' },
      { args: ["apply", "-f", "cm.yaml", "-n", "e-nsmissing"], code: 1, stderr: 'error: the namespace from the provided object "e-nowhere" does not match the namespace "e-nsmissing". You must pass \'--namespace=e-nowhere\' to perform this operation.\n' },
    ],
  },
  {
    name: "scale and rollout errors",
    namespace: "e-scale",
    steps: [
      { args: ["scale", "deployment", "nope", "--replicas=2"], code: 1, stderr: 'error: no objects passed to scale deployments.apps "nope" not found\n' },
      { args: ["create", "configmap", "c", "--from-literal=a=1"], stdout: "configmap/c created\n" },
      // a kind without a scale subresource: the GET on …/configmaps/c/scale has no route
      { args: ["scale", "configmap", "c", "--replicas=2"], code: 1, stderr: "Error from server (NotFound): the server could not find the requested resource\n" },
      { args: ["create", "deployment", "neg", "--image=nginx"], stdout: "deployment.apps/neg created\n" },
      { args: ["scale", "deployment", "neg", "--replicas=-1"], code: 1, stderr: "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n" },
    ],
  },
  {
    name: "the terminating namespace refuses new content",
    namespace: "e-terminating",
    files: { "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: e-terminating-held\nspec:\n  finalizers:\n  - example.com/hold\n", "cm.yaml": configMap("late") },
    steps: [
      { args: ["create", "-f", "ns.yaml"], stdout: "namespace/e-terminating-held created\n" },
      { args: ["create", "configmap", "early", "-n", "e-terminating-held", "--from-literal=a=1"], stdout: "configmap/early created\n" },
      { args: ["delete", "namespace", "e-terminating-held", "--wait=false"], stdout: 'namespace "e-terminating-held" deleted\n' },
      { args: ["get", "namespace", "e-terminating-held"], stdout: "NAME                 STATUS        AGE\ne-terminating-held   Terminating   0s\n" },
      {
        args: ["create", "-f", "cm.yaml", "-n", "e-terminating-held"],
        code: 1,
        stderr: 'Error from server (Forbidden): error when creating "cm.yaml": configmaps "late" is forbidden: unable to create new content in namespace e-terminating-held because it is being terminated\n',
      },
    ],
  },
];
