/**
 * ImageLocality (plugins/imagelocality): nodes that already hold the pod's images score
 * higher, weighted by image size and by how widely the image is spread (to avoid piling pods
 * on the one node that has it).
 */
import type { CycleState, PreScorePlugin, ScorePlugin } from "../framework/types";
import { MAX_NODE_SCORE } from "../framework/types";
import type { NodeInfo } from "../framework/node-info";

export const IMAGE_LOCALITY = "ImageLocality";
const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** normalizedImageName: a reference without tag or digest means `:latest` */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(":") <= name.lastIndexOf("/")) return `${name}:latest`;
  return name;
}

interface State {
  images: string[];
  containers: number;
}

/** sumImageScores scaled by calculatePriority */
function imageScore(st: State, node: NodeInfo, total: number): number {
  let sum = 0;
  for (const image of st.images) {
    const img = node.images.get(image);
    if (img) sum += Math.trunc(img.size * (img.numNodes / total));
  }
  const max = MAX_CONTAINER_THRESHOLD * st.containers;
  if (sum < MIN_THRESHOLD) sum = MIN_THRESHOLD;
  else if (sum > max) sum = max;
  return Math.trunc((MAX_NODE_SCORE * (sum - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
}

export function newImageLocality(handle: { nodes(): readonly unknown[] }): PreScorePlugin & ScorePlugin {
  return {
    name: IMAGE_LOCALITY,
    events: ["NodeAdd", "NodeUpdateImages"],
    preScore(s, pod) {
      const containers = [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])];
      s.write(IMAGE_LOCALITY, { images: containers.flatMap((c) => (c.image ? [normalizedImageName(c.image)] : [])), containers: containers.length } satisfies State);
      return null;
    },
    score(s: CycleState, _pod, node) {
      const st = s.read<State>(IMAGE_LOCALITY);
      if (!st || node.images.size === 0 || st.containers === 0) return 0;
      return imageScore(st, node, handle.nodes().length || 1);
    },
    scoreNodes(s, _pod, nodes, out) {
      const st = s.read<State>(IMAGE_LOCALITY);
      const total = handle.nodes().length || 1;
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i]!;
        out[i] = !st || node.images.size === 0 || st.containers === 0 ? 0 : imageScore(st, node, total);
      }
    },
  };
}
