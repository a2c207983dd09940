/**
 * Cases from upstream's strategicpatch/patch_test.go (MergeItem type), run through our engine:
 * `original` + `twoWay` must give `modified`, and `current` + `threeWay` must give `result`.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { SchemaNode } from "../openapi/types";
import { PatchEngineError } from "./errors";
import { strategicMergePatch } from "./strategic";

type Mutable = { -readonly [K in keyof SchemaNode]: SchemaNode[K] };
const mergeItem: Mutable = { type: "object" };
const retainKeysItem: Mutable = { type: "object" };
const str: SchemaNode = { type: "string" };
const intList = (merge: boolean): SchemaNode => ({
  type: "array",
  items: { type: "integer" },
  ...(merge ? { patchStrategy: "merge" } : {}),
});
mergeItem.properties = {
  name: str,
  value: str,
  other: str,
  mergingList: { type: "array", items: mergeItem, patchStrategy: "merge", patchMergeKey: "name" },
  nonMergingList: { type: "array", items: mergeItem },
  mergingIntList: intList(true),
  nonMergingIntList: intList(false),
  simpleMap: { type: "object", additionalProperties: str },
  replacingItem: { type: "object", patchStrategy: "replace", preserveUnknownFields: true },
  retainKeysMap: retainKeysItem,
  retainKeysMergingList: { type: "array", items: mergeItem, patchStrategy: "merge,retainKeys", patchMergeKey: "name" },
};
retainKeysItem.patchStrategy = "retainKeys";
retainKeysItem.properties = {
  name: str,
  value: str,
  other: str,
  simpleMap: { type: "object", additionalProperties: str },
  mergingIntList: intList(true),
  mergingList: { type: "array", items: mergeItem, patchStrategy: "merge", patchMergeKey: "name" },
  nonMergingList: { type: "array", items: mergeItem },
};

interface Case {
  description: string;
  original?: Record<string, unknown>;
  twoWay?: Record<string, unknown>;
  modified?: Record<string, unknown>;
  current?: Record<string, unknown>;
  threeWay?: Record<string, unknown>;
  result?: Record<string, unknown>;
  twoWayResult?: Record<string, unknown>;
  expectedError?: string;
}

const cases = parse(`
- description: unique scalars when merging lists
  original: {mergingIntList: [1, 2]}
  twoWay: {mergingIntList: [2, 3]}
  modified: {mergingIntList: [1, 2, 3]}
- description: delete map from nested map
  original: {simpleMap: {key1: "1", key2: "1"}}
  twoWay: {simpleMap: {$patch: delete}}
  modified: {simpleMap: {}}
- description: delete all items from merging list
  original: {mergingList: [{name: "1"}, {name: "2"}]}
  twoWay: {mergingList: [{$patch: replace}]}
  modified: {mergingList: []}
- description: merge empty merging lists
  original: {mergingList: []}
  twoWay: {mergingList: []}
  modified: {mergingList: []}
- description: delete all keys from map
  original: {name: "1", value: "1"}
  twoWay: {$patch: replace}
  modified: {}
- description: add key and delete all keys from map
  original: {name: "1", value: "1"}
  twoWay: {other: a, $patch: replace}
  modified: {other: a}
- description: a delete directive removes every duplicate entry (deleteMatchingEntries loops)
  original: {mergingList: [{name: "1"}, {name: "1"}, {name: "2", value: a}, {name: "3"}, {name: "3"}]}
  twoWay: {mergingList: [{name: "1", $patch: delete}, {name: "3", $patch: delete}]}
  modified: {mergingList: [{name: "2", value: a}]}
- description: retainKeys map can add a field when no retainKeys directive present
  original: {retainKeysMap: {name: foo}}
  twoWay: {retainKeysMap: {value: bar}}
  modified: {retainKeysMap: {name: foo, value: bar}}
- description: retainKeys map can delete a field when no retainKeys directive present
  original: {retainKeysMap: {name: foo, value: a}}
  twoWay: {retainKeysMap: {value: null}}
  modified: {retainKeysMap: {name: foo}}
- description: retainKeys map merge an empty map
  original: {retainKeysMap: {name: foo, value: a}}
  twoWay: {retainKeysMap: {}}
  modified: {retainKeysMap: {name: foo, value: a}}
- description: retainKeys list can change a field when no retainKeys directive present
  original: {retainKeysMergingList: [{name: bar}, {name: foo, value: a}]}
  twoWay: {retainKeysMergingList: [{name: foo, value: b}]}
  modified: {retainKeysMergingList: [{name: bar}, {name: foo, value: b}]}
- description: preserve the order from the patch in a merging list
  original: {mergingList: [{name: "1"}, {name: "2", value: b}, {name: "3"}]}
  twoWay: {mergingList: [{name: "3", value: c}, {name: "1", value: a}, {name: "2", other: x}]}
  modified: {mergingList: [{name: "3", value: c}, {name: "1", value: a}, {name: "2", value: b, other: x}]}
- description: preserve the order from the patch in a merging list 2
  original: {mergingList: [{name: "1"}, {name: "2", value: b}, {name: "3"}]}
  twoWay: {mergingList: [{name: "3", value: c}, {name: "1", value: a}]}
  modified: {mergingList: [{name: "2", value: b}, {name: "3", value: c}, {name: "1", value: a}]}
- description: preserve the order from the patch in a merging int list
  original: {mergingIntList: [1, 2, 3]}
  twoWay: {mergingIntList: [3, 1, 2]}
  modified: {mergingIntList: [3, 1, 2]}
- description: preserve the order from the patch in a merging int list 2
  original: {mergingIntList: [1, 2, 3]}
  twoWay: {mergingIntList: [3, 1]}
  modified: {mergingIntList: [2, 3, 1]}
- description: $setElementOrder contains item that is not present in the list to be merged
  original: {mergingList: [{name: "1"}, {name: "3"}]}
  twoWay: {$setElementOrder/mergingList: [{name: "3"}, {name: "2"}, {name: "1"}], mergingList: [{name: "3", value: "3"}, {name: "1", value: "1"}]}
  modified: {mergingList: [{name: "3", value: "3"}, {name: "1", value: "1"}]}
- description: $setElementOrder contains item that is not present in the int list to be merged
  original: {mergingIntList: [1, 3]}
  twoWay: {$setElementOrder/mergingIntList: [3, 2, 1]}
  modified: {mergingIntList: [3, 1]}
- description: should check if order in $setElementOrder and patch list match
  original: {mergingList: [{name: "1"}, {name: "3"}, {name: "2"}]}
  twoWay: {$setElementOrder/mergingList: [{name: "1"}, {name: "2"}, {name: "3"}], mergingList: [{name: "3", value: "3"}, {name: "1", value: "1"}]}
  expectedError: doesn't match
- description: should check if order in $setElementOrder and int list match
  original: {mergingIntList: [1, 3, 2]}
  twoWay: {$setElementOrder/mergingIntList: [1, 2, 3], mergingIntList: [3, 1]}
  expectedError: doesn't match
- description: missing merge key should error out
  original: {mergingList: [{name: "1", value: a}]}
  twoWay: {mergingList: [{value: b}]}
  expectedError: does not contain declared merge key
- description: add field and delete field from map
  original: {name: "1"}
  twoWay: {name: null, value: "1"}
  modified: {value: "1"}
  current: {name: "1", other: a}
  threeWay: {name: null, value: "1"}
  result: {value: "1", other: a}
- description: delete field from nested map with conflict
  original: {simpleMap: {key1: "1", key2: "1"}}
  twoWay: {simpleMap: {key2: null}}
  modified: {simpleMap: {key1: "1"}}
  current: {simpleMap: {key1: a, key2: "1", other: a}}
  threeWay: {simpleMap: {key1: "1", key2: null}}
  result: {simpleMap: {key1: "1", other: a}}
- description: replace list of scalars
  original: {nonMergingIntList: [1, 2]}
  twoWay: {nonMergingIntList: [2, 3]}
  modified: {nonMergingIntList: [2, 3]}
- description: delete all maps from merging list with conflict
  original: {mergingList: [{name: "1"}, {name: "2"}]}
  twoWay: {mergingList: [{name: "1", $patch: delete}, {name: "2", $patch: delete}]}
  modified: {mergingList: []}
  current: {mergingList: [{name: "1", other: a}, {name: "2", other: b}]}
  threeWay: {mergingList: [{name: "1", $patch: delete}, {name: "2", $patch: delete}]}
  result: {mergingList: []}
- description: defined null values should propagate overwrite current fields (with conflict)
  original: {name: "2"}
  twoWay: {name: "1", value: "1", other: null}
  modified: {name: "1", value: "1"}
  current: {name: a, other: a}
  threeWay: {name: "1", value: "1", other: null}
  result: {name: "1", value: "1"}
- description: delete items in lists of scalars
  original: {mergingIntList: [1, 2, 3]}
  twoWay: {$setElementOrder/mergingIntList: [1, 2], $deleteFromPrimitiveList/mergingIntList: [3]}
  modified: {mergingIntList: [1, 2]}
  current: {mergingIntList: [1, 2, 3, 4]}
  threeWay: {$setElementOrder/mergingIntList: [1, 2], $deleteFromPrimitiveList/mergingIntList: [3]}
  result: {mergingIntList: [1, 2, 4]}
- description: delete all duplicate items in lists of scalars
  current: {mergingIntList: [1, 2, 3, 3, 4]}
  threeWay: {$setElementOrder/mergingIntList: [1, 2], $deleteFromPrimitiveList/mergingIntList: [3]}
  result: {mergingIntList: [1, 2, 4]}
- description: add and delete items in lists of scalars
  original: {mergingIntList: [1, 2, 3]}
  twoWay: {$setElementOrder/mergingIntList: [1, 2, 4], $deleteFromPrimitiveList/mergingIntList: [3], mergingIntList: [4]}
  modified: {mergingIntList: [1, 2, 4]}
  current: {mergingIntList: [1, 2, 3, 4]}
  threeWay: {$setElementOrder/mergingIntList: [1, 2, 4], $deleteFromPrimitiveList/mergingIntList: [3]}
  result: {mergingIntList: [1, 2, 4]}
- description: merge lists of maps
  original: {mergingList: [{name: "1"}, {name: "2", value: "2"}]}
  twoWay: {$setElementOrder/mergingList: [{name: "4"}, {name: "1"}, {name: "2"}, {name: "3"}], mergingList: [{name: "4", value: "4"}, {name: "3", value: "3"}]}
  modified: {mergingList: [{name: "4", value: "4"}, {name: "1"}, {name: "2", value: "2"}, {name: "3", value: "3"}]}
  current: {mergingList: [{name: "1", other: a}, {name: "2", value: "2", other: b}]}
  threeWay: {$setElementOrder/mergingList: [{name: "4"}, {name: "1"}, {name: "2"}, {name: "3"}], mergingList: [{name: "4", value: "4"}, {name: "3", value: "3"}]}
  result: {mergingList: [{name: "4", value: "4"}, {name: "1", other: a}, {name: "2", value: "2", other: b}, {name: "3", value: "3"}]}
- description: merge lists of maps with conflict
  current: {mergingList: [{name: "1", other: a}, {name: "2", value: "3", other: b}]}
  threeWay: {$setElementOrder/mergingList: [{name: "1"}, {name: "2"}, {name: "3"}], mergingList: [{name: "2", value: "2"}, {name: "3", value: "3"}]}
  result: {mergingList: [{name: "1", other: a}, {name: "2", value: "2", other: b}, {name: "3", value: "3"}]}
- description: add field to map in merging list
  original: {mergingList: [{name: "1"}, {name: "2", value: "2"}]}
  twoWay: {$setElementOrder/mergingList: [{name: "1"}, {name: "2"}], mergingList: [{name: "1", value: "1"}]}
  modified: {mergingList: [{name: "1", value: "1"}, {name: "2", value: "2"}]}
  current: {mergingList: [{name: "1", other: a}, {name: "2", value: "2", other: b}]}
  threeWay: {$setElementOrder/mergingList: [{name: "1"}, {name: "2"}], mergingList: [{name: "1", value: "1"}]}
  result: {mergingList: [{name: "1", value: "1", other: a}, {name: "2", value: "2", other: b}]}
`) as Case[];

describe("strategic merge patch: upstream patch_test.go cases (MergeItem)", () => {
  for (const c of cases) {
    it(c.description, () => {
      if (c.expectedError) {
        expect(() => strategicMergePatch(c.original ?? {}, c.twoWay ?? {}, mergeItem)).toThrow(PatchEngineError);
        expect(() => strategicMergePatch(c.original ?? {}, c.twoWay ?? {}, mergeItem)).toThrow(c.expectedError);
        return;
      }
      if (c.twoWay) expect(strategicMergePatch(c.original ?? {}, c.twoWay, mergeItem)).toEqual(c.twoWayResult ?? c.modified);
      if (c.threeWay) expect(strategicMergePatch(c.current ?? {}, c.threeWay, mergeItem)).toEqual(c.result);
    });
  }
});
