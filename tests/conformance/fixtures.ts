/** Manifests the scenarios share. */

/** an apps/v1 Deployment with one nginx container; `extra` is inserted into spec before the selector */
export const deployment = (name: string, replicas: number | string, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
${extra}  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
`;

export const configMap = (name: string, data: Record<string, string> = { a: "b" }, namespaceLine = "") => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
${namespaceLine}data:
${Object.entries(data)
  .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`)
  .join("")}`;

/** the advice kubectl appends to a server-side apply conflict (apply.go) */
export const SSA_CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
`;
