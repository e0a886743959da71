// Checks on what reaches the page from outside: imported files and links (window.PlaybookChecks).
// The shapes below mirror data/schema/export.schema.json, which the CLI uses, so the page accepts
// nothing the CLI refuses (tests/import_vectors.json holds cases both must agree on).
// No DOM here: tests run these functions in node, over generated files.
(() => {
  const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
  const UNIT = /^[a-z][a-z0-9]*(-[a-z0-9]+)*(\/[a-z][a-z0-9]*(-[a-z0-9]+)*)?$/;
  const FIELD = /^[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$/;
  const DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

  const isObject = (value) =>
    value !== null && typeof value === "object" && !Array.isArray(value);
  const isStr = (value) => typeof value === "string";
  const isText = (value) => isStr(value) && value.length > 0;
  const isCount = (value) => Number.isInteger(value) && value >= 0;
  const matches = (pattern) => (text) => pattern.test(text);
  const isId = (text) => ID.test(text) && text.length <= 80;
  // One line of 1 to 120 characters (code points, as the schema counts them).
  const isPerson = (value) => isStr(value) && /^[^\0-\x1f\x7f-\x9f]{1,120}$/u.test(value);
  const isDueDate = (value) => value === "" || (isStr(value) && DAY.test(value));

  /** A refusal: the reason's UI string is import.<reason>, with vars for its placeholders. */
  const refuse = (reason, vars) => ({ reason, vars });
  /** A refusal naming where in the file the problem is, such as data.items[2].due. */
  const badAt = (path) => refuse("invalid", { path });

  // Each check below takes (value, path) and returns a refusal, or null when the value fits.

  const when = (ok) => (value, path) => (ok(value) ? null : badAt(path));

  /** Any number of keys that fit keyOk, each value passing check (patternProperties). */
  const record = (keyOk, check) => (value, path) => {
    if (!isObject(value)) return badAt(path);
    for (const [key, member] of Object.entries(value)) {
      const memberPath = `${path}[${JSON.stringify(key)}]`;
      const refusal = keyOk(key) ? check(member, memberPath) : badAt(memberPath);
      if (refusal) return refusal;
    }
    return null;
  };

  /** Only the named fields, each passing its check, and the required ones present. */
  const shape = (fields, required = []) => (value, path) => {
    if (!isObject(value)) return badAt(path);
    const unknown = Object.keys(value).find((key) => !Object.hasOwn(fields, key));
    const missing = required.find((key) => !(key in value));
    if (unknown || missing) return badAt(`${path}.${unknown || missing}`);
    for (const [key, check] of Object.entries(fields)) {
      const refusal = key in value && check(value[key], `${path}.${key}`);
      if (refusal) return refusal;
    }
    return null;
  };

  /** A list whose every item passes check. */
  const list = (check) => (value, path) => {
    if (!Array.isArray(value)) return badAt(path);
    for (const [index, item] of value.entries()) {
      const refusal = check(item, `${path}[${index}]`);
      if (refusal) return refusal;
    }
    return null;
  };

  const checklistItem = shape({
    done: when((value) => typeof value === "boolean"),
    note: when(isStr),
    owner: when(isStr),
    due: when(isDueDate),
  });
  const checklistUnit = shape(
    {
      items: record(matches(ID), checklistItem),
      period: when(isStr),
      history: record(matches(DAY), when(isCount)),
    },
    ["items"],
  );
  const action = shape(
    {
      id: when(isText),
      text: when(isStr),
      href: when(isStr),
      source: when(isStr),
      owner: when(isStr),
      due: when(isDueDate),
      status: when((value) => ["todo", "doing", "done"].includes(value)),
    },
    ["id", "text", "status"],
  );

  const answers = record(isId, when((value) => value === "na" || isCount(value)));
  const stageId = when((value) => isStr(value) && isId(value));
  // A target: a stage for every dimension and/or a stage per dimension.
  const target = shape({ stage: stageId, dimensions: record(isId, stageId) });

  /** Per kind: the shape of its data. */
  const DATA = {
    assessment: shape({ answers, notes: record(isId, when(isText)), target }, ["answers"]),
    checklist: shape({ units: record(matches(UNIT), checklistUnit) }, ["units"]),
    worksheet: shape({ answers: record(matches(FIELD), when(isStr)) }, ["answers"]),
    actions: shape({ items: list(action) }, ["items"]),
  };


  const envelope = shape(
    {
      format: when((value) => value === "social-media-playbook"),
      format_version: when((value) => value === 1),
      kind: when(isStr),
      id: when(isStr),
      // Who answered an assessment, and for which team: one short line of text each.
      respondent: when(isPerson),
      team: when(isPerson),
      content_version: when((value) => isCount(value) && value > 0),
      exported_at: when(isText),
      data: () => null,
    },
    ["format", "format_version", "kind", "id", "content_version", "exported_at", "data"],
  );

  /** Whether a link may be followed: https:, http:, mailto: or relative, and parseable. */
  function isSafeLink(href) {
    // Parsed as the browser parses links, so " java\tscript:" shows its real scheme.
    try {
      const { protocol } = new URL(href, "https://example.org/");
      return ["https:", "http:", "mailto:"].includes(protocol);
    } catch {
      // A link that cannot be resolved would break the CSV and Markdown exports later.
      return false;
    }
  }

  /** Beyond the schema: actions are found by id, and their links are followed. */
  function checkActions(items) {
    const seen = new Set();
    for (const { id, href } of items) {
      if (seen.has(id)) return refuse("duplicate_id", { id });
      if (href && !isSafeLink(href)) return refuse("bad_link", { id });
      seen.add(id);
    }
    return null;
  }

  /** The first problem with the envelope, in the order a reader can act on. */
  function checkEnvelope(file) {
    if (!isObject(file) || file.format !== "social-media-playbook") return refuse("not_export");
    if (!Number.isInteger(file.format_version)) return refuse("not_export");
    if (file.format_version > 1) return refuse("newer");
    return envelope(file, "file");
  }

  /**
   * An imported file for the page of (kind, id): {data} when it may be applied, or a refusal
   * {reason, vars}. Never throws, whatever the file holds.
   */
  function checkImport(file, kind, id) {
    if (file === undefined) return refuse("not_json");
    const refusal = checkEnvelope(file);
    if (refusal) return refusal;
    if (file.kind !== kind || file.id !== id) {
      return refuse("other", { id: `${file.kind} ${file.id}` });
    }
    // Only assessments name who answered.
    if (kind !== "assessment" && ("respondent" in file || "team" in file)) return badAt("file");
    const dataRefusal = DATA[kind](file.data, "data");
    if (dataRefusal) return dataRefusal;
    return (kind === "actions" && checkActions(file.data.items)) || { data: file.data };
  }

  window.PlaybookChecks = {
    checkImport,
    isSafeLink,
    // Another module adds its kind's shape here (team.js: the team export), built from these parts.
    kinds: DATA,
    parts: { shape, list, record, when, isId, isPerson, answers, target },
  };
  // An import that fetched this script waits for it (core.js, withChecks); node has no document.
  globalThis.document?.dispatchEvent(new Event("smp:checks"));
})();
