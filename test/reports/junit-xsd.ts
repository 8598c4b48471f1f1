// The element and attribute rules of the Jenkins xunit-plugin junit-10.xsd (the "jenkins junit.xsd"
// that Jenkins and GitLab read), checked on a parsed document. Written from the XSD's content model;
// `xmllint --schema junit-10.xsd` gives the same verdicts on the reports tested here.
import { XMLParser } from 'fast-xml-parser';

type Node = Record<string, unknown>;

interface Rule {
  attrs: string[];
  required: string[];
  children: string[];
  /** Text content allowed (mixed / xs:string). */
  text: boolean;
  patterns?: Record<string, RegExp>;
}

// xs:pattern is anchored: the whole value must match.
const SUREFIRE_TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$/;
const RERUN = ['rerunFailure', 'rerunError', 'flakyFailure', 'flakyError'];
const rerunRule: Rule = { attrs: ['message', 'type'], required: ['type'], children: ['stackTrace', 'system-out', 'system-err'], text: true };
const textOnly: Rule = { attrs: [], required: [], children: [], text: true };
const messageRule: Rule = { attrs: ['type', 'message'], required: [], children: [], text: true };

const RULES: Record<string, Rule> = {
  testsuites: { attrs: ['name', 'time', 'tests', 'failures', 'errors'], required: [], children: ['testsuite'], text: false, patterns: { time: SUREFIRE_TIME } },
  testsuite: {
    attrs: ['name', 'tests', 'failures', 'errors', 'group', 'time', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url'],
    required: ['name', 'tests', 'failures', 'errors'],
    children: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err'],
    text: false,
    patterns: { time: SUREFIRE_TIME },
  },
  properties: { attrs: [], required: [], children: ['property'], text: false },
  property: { attrs: ['name', 'value'], required: ['name', 'value'], children: [], text: false },
  testcase: {
    attrs: ['name', 'time', 'classname', 'group'],
    required: ['name'],
    children: ['skipped', 'error', 'failure', ...RERUN, 'system-out', 'system-err'],
    text: false,
  },
  failure: messageRule,
  error: messageRule,
  skipped: messageRule,
  'system-out': textOnly,
  'system-err': textOnly,
  stackTrace: textOnly,
  ...Object.fromEntries(RERUN.map((n) => [n, rerunRule])),
};

const ATTRS = ':@';

function nameOf(node: Node): string | undefined {
  return Object.keys(node).find((k) => k !== ATTRS);
}

function check(node: Node, path: string, problems: string[], parentRule?: Rule): void {
  const name = nameOf(node)!;
  if (name === '#comment') return;
  if (name === '#text') {
    if (parentRule && !parentRule.text && String(node['#text']).trim() !== '') problems.push(`${path}: text not allowed`);
    return;
  }
  const rule = RULES[name];
  const here = `${path}/${name}`;
  if (!rule) return void problems.push(`${here}: element not declared`);
  const attrs = (node[ATTRS] ?? {}) as Record<string, string>;
  for (const a of Object.keys(attrs)) if (!rule.attrs.includes(a)) problems.push(`${here}: attribute '${a}' not allowed`);
  for (const a of rule.required) if (!(a in attrs)) problems.push(`${here}: attribute '${a}' required`);
  for (const [a, re] of Object.entries(rule.patterns ?? {})) {
    if (a in attrs && !re.test(attrs[a]!)) problems.push(`${here}: attribute '${a}'='${attrs[a]}' does not match ${re}`);
  }
  for (const child of node[name] as Node[]) {
    const childName = nameOf(child)!;
    if (childName !== '#text' && childName !== '#comment' && !rule.children.includes(childName)) {
      problems.push(`${here}: child <${childName}> not allowed`);
    } else check(child, here, problems, rule);
  }
}

/** Problems found against junit-10.xsd; empty = valid. */
export function validateJenkinsJUnit(xml: string): string[] {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    commentPropName: '#comment',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
  });
  const doc = parser.parse(xml) as Node[];
  const roots = doc.filter((n) => !['?xml', '#comment', '#text'].includes(nameOf(n)!));
  if (roots.length !== 1) return [`expected one root element, found ${roots.length}`];
  const problems: string[] = [];
  if (nameOf(roots[0]!) !== 'testsuites') problems.push(`root is <${nameOf(roots[0]!)}>, expected <testsuites>`);
  check(roots[0]!, '', problems);
  return problems;
}
