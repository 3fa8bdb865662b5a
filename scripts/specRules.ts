import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'

// Rule SPEC1 (SPEC.md): the rules the SPEC files define and the rule ids the tests name in their titles.

/** A rule id: `WS4`, `HTTP10`, `SPEC1`. */
const RULE_ID = /^[A-Z]{1,5}\d{1,3}$/
/** A rule id named in a test title: `[WS4]`. */
const NAMED_ID = /\[([A-Z]{1,5}\d{1,3})\]/g
/** Folders never searched. */
const SKIPPED = new Set(['node_modules', 'dist', 'data', 'coverage', 'test-results'])

export const REPO_ROOT = resolve(import.meta.dirname, '..')

/** Where a rule is written in a SPEC. */
export interface RuleDefinition {
  id: string
  file: string
  line: number
}

/** A bullet of one SPEC that points at a rule another SPEC defines (`- **LAY1** — defined in `x/SPEC.md``). */
export interface RuleReference extends RuleDefinition {
  target: string
}

/** Something in a SPEC that looks like a rule but is not written as one (a bold id inside another's text). */
export interface SpecProblem {
  file: string
  line: number
  problem: string
}

export interface SpecRules {
  definitions: RuleDefinition[]
  references: RuleReference[]
  problems: SpecProblem[]
}

/** `HTTP6–HTTP8` (en dash or hyphen) → HTTP6, HTTP7, HTTP8; `WS4` → WS4; anything else → undefined. */
export function expandRuleIds(text: string): string[] | undefined {
  const one = text.trim()
  if (RULE_ID.test(one)) return [one]
  const range = /^([A-Z]{1,5})(\d{1,3})\s*[–-]\s*([A-Z]{1,5})(\d{1,3})$/.exec(one)
  if (!range || range[1] !== range[3]) return undefined
  const from = Number(range[2])
  const to = Number(range[4])
  if (to <= from) return undefined
  return Array.from({ length: to - from + 1 }, (_, i) => `${range[1]}${from + i}`)
}

/**
 * Reads the rules of one SPEC: a markdown bullet that starts with one or more bold ids or ranges
 * (`- **WS4** …`, `- **HTTP6–HTTP8** …`, `- **WS17**, **HTTP10** …`) defines them, unless its text goes on
 * with `— defined in `path``, which makes it a reference to the SPEC at `path` (from the repository root).
 * A bold id anywhere else is reported: every rule is a bullet of its own.
 */
export function parseSpec(file: string, markdown: string): SpecRules {
  const rules: SpecRules = { definitions: [], references: [], problems: [] }
  for (const [index, text] of markdown.split('\n').entries()) {
    const line = index + 1
    let rest = text
    const ids: string[] = []
    const bullet = /^\s*[-*]\s+/.exec(text)
    if (bullet) {
      rest = text.slice(bullet[0].length)
      for (;;) {
        const bold = /^\*\*([^*]+)\*\*(?:,?\s+and\s+|,\s*)?/.exec(rest)
        const expanded = bold?.[1]?.split(',').map(expandRuleIds)
        if (!bold || !expanded || expanded.some((e) => e === undefined)) break
        ids.push(...expanded.flatMap((e) => e!))
        rest = rest.slice(bold[0].length)
      }
    }
    const target = /^\s*—\s*defined in `([^`]+)`/.exec(rest)?.[1]
    for (const id of ids) {
      if (target) rules.references.push({ id, file, line, target })
      else rules.definitions.push({ id, file, line })
    }
    for (const bold of rest.replace(/`[^`]*`/g, '').matchAll(/\*\*([^*]+)\*\*/g)) {
      if (bold[1]!.split(',').some((part) => expandRuleIds(part) !== undefined))
        rules.problems.push({
          file,
          line,
          problem: `**${bold[1]}** is inside another line's text; write each rule as a bullet of its own`,
        })
    }
  }
  return rules
}

/** A rule id a test title names. */
export interface NamedRule {
  id: string
  file: string
  line: number
}

/** A test title with a rule id the checker cannot work out (a substitution it cannot follow). */
export interface UnreadTitle {
  file: string
  line: number
  title: string
}

const TEST_FUNCTIONS = new Set(['it', 'test', 'describe', 'suite'])
/** Modifiers that take something other than a title and return the function that takes one. */
const CURRIED = new Set(['each', 'for', 'skipIf', 'runIf'])

/** `it`, `it.skip`, `it.each(table)`, `describe.skipIf(x)`: the name at the root of a callee. */
function rootName(callee: ts.Expression): string | undefined {
  let e = callee
  while (ts.isPropertyAccessExpression(e) || ts.isCallExpression(e)) e = e.expression
  return ts.isIdentifier(e) ? e.text : undefined
}

function unwrap(e: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isTypeAssertionExpression(e)
  )
    e = e.expression
  return e
}

/** The string values an expression can take, or undefined when they cannot be read from the file. */
function stringValues(expr: ts.Expression, at: ts.Node): string[] | undefined {
  const e = unwrap(expr)
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text]
  if (ts.isConditionalExpression(e)) {
    const a = stringValues(e.whenTrue, at)
    const b = stringValues(e.whenFalse, at)
    return a && b ? [...a, ...b] : undefined
  }
  if (ts.isIdentifier(e)) return identifierValues(e.text, at)
  return undefined
}

/** The values of `name` where it is used at `at`: a loop variable of an enclosing `for … of`, or a const. */
function identifierValues(name: string, at: ts.Node): string[] | undefined {
  for (let n: ts.Node | undefined = at; n; n = n.parent) {
    if (!ts.isForOfStatement(n) || !ts.isVariableDeclarationList(n.initializer)) continue
    const binding = n.initializer.declarations[0]?.name
    const items = arrayItems(n.expression, n)
    if (!binding || !items) continue
    if (ts.isIdentifier(binding) && binding.text === name) return valuesOf(items, undefined, n)
    if (ts.isObjectBindingPattern(binding)) {
      const element = binding.elements.find((b) => ts.isIdentifier(b.name) && b.name.text === name)
      if (!element) continue
      const key =
        element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName : undefined
      return valuesOf(items, key?.text ?? name, n)
    }
  }
  const declaration = findDeclaration(name, at.getSourceFile())
  return declaration?.initializer ? stringValues(declaration.initializer, declaration) : undefined
}

function findDeclaration(name: string, file: ts.SourceFile): ts.VariableDeclaration | undefined {
  let found: ts.VariableDeclaration | undefined
  const visit = (n: ts.Node): void => {
    if (found) return
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name) found = n
    else ts.forEachChild(n, visit)
  }
  visit(file)
  return found
}

/** The elements of an array literal, or of the array literal a const holds. */
function arrayItems(expr: ts.Expression, at: ts.Node): readonly ts.Expression[] | undefined {
  const e = unwrap(expr)
  if (ts.isArrayLiteralExpression(e)) return e.elements
  if (ts.isIdentifier(e)) {
    const declaration = findDeclaration(e.text, at.getSourceFile())
    if (declaration?.initializer) return arrayItems(declaration.initializer, declaration)
  }
  return undefined
}

/** The string values of each item, or of its property `key` (objects) or element `key` (arrays). */
function valuesOf(items: readonly ts.Expression[], key: string | number | undefined, at: ts.Node) {
  const values: string[] = []
  for (const raw of items) {
    const item = unwrap(raw)
    let value: ts.Expression | undefined = item
    if (typeof key === 'number')
      value = ts.isArrayLiteralExpression(item) ? item.elements[key] : key === 0 ? item : undefined
    else if (typeof key === 'string') {
      const property = ts.isObjectLiteralExpression(item)
        ? item.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === key)
        : undefined
      value = property && ts.isPropertyAssignment(property) ? property.initializer : undefined
    }
    const strings = value && stringValues(value, at)
    if (!strings) return undefined
    values.push(...strings)
  }
  return values
}

/** The rule ids of one title: literal `[ID]`s, and `[${x}]`, `[%s]` or `[$key]` followed to their values. */
function titleIds(title: ts.Expression, call: ts.CallExpression): string[] | undefined {
  const e = unwrap(title)
  const literal = (text: string) => [...text.matchAll(NAMED_ID)].map((m) => m[1]!)
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
    const table = ts.isCallExpression(call.expression) ? call.expression : undefined
    const each = table && ts.isPropertyAccessExpression(table.expression) ? table.expression.name.text : ''
    const placeholder = /\[(%[sdifjo]|\$[A-Za-z_]\w*)\]/.exec(e.text)
    if (!placeholder) return literal(e.text)
    if ((each !== 'each' && each !== 'for') || !table?.arguments[0]) return undefined
    const items = arrayItems(table.arguments[0], call)
    if (!items) return undefined
    const key = placeholder[1]!.startsWith('$')
      ? placeholder[1]!.slice(1)
      : (e.text.slice(0, placeholder.index).match(/%[sdifjo]/g)?.length ?? 0)
    const values = valuesOf(items, key, call)
    return values && [...literal(e.text), ...values.filter((v) => RULE_ID.test(v))]
  }
  if (ts.isTemplateExpression(e)) {
    const ids = literal(e.head.text)
    let before = e.head.text
    for (const span of e.templateSpans) {
      ids.push(...literal(span.literal.text))
      if (before.endsWith('[') && span.literal.text.startsWith(']')) {
        const values = stringValues(span.expression, call)
        if (!values) return undefined
        ids.push(...values.filter((v) => RULE_ID.test(v)))
      }
      before = span.literal.text
    }
    return ids
  }
  // A title held elsewhere (an identifier, a call): read it if it is a string the file defines.
  const values = stringValues(e, call)
  return values ? values.flatMap(literal) : []
}

/** Every rule id the test titles of one file name, and the titles whose ids cannot be read. */
export function parseTestTitles(file: string, source: string): { named: NamedRule[]; unread: UnreadTitle[] } {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const named: NamedRule[] = []
  const unread: UnreadTitle[] = []
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && n.arguments[0]) {
      const callee = n.expression
      const root = rootName(callee)
      const curriedCall = ts.isPropertyAccessExpression(callee) && CURRIED.has(callee.name.text)
      if (root && TEST_FUNCTIONS.has(root) && !curriedCall) {
        const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1
        const ids = titleIds(n.arguments[0], n)
        if (ids) for (const id of ids) named.push({ id, file, line })
        else unread.push({ file, line, title: n.arguments[0].getText(sf) })
      }
    }
    ts.forEachChild(n, visit)
  }
  visit(sf)
  return { named, unread }
}

function walk(dir: string, keep: (name: string) => boolean, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path, keep, found)
    else if (keep(entry.name)) found.push(path)
  }
  return found
}

const fromRoot = (root: string, path: string) => relative(root, path).split(sep).join('/')

/** Every SPEC.md of the repository (outside node_modules, dist and hidden folders), from the root. */
export function specFiles(root = REPO_ROOT): string[] {
  return walk(root, (name) => name === 'SPEC.md')
    .map((p) => fromRoot(root, p))
    .sort()
}

/** Every test file (`*.test.ts`, `*.e2e.test.ts`) under packages/, apps/ and scripts/, from the root. */
export function testFiles(root = REPO_ROOT): string[] {
  return ['packages', 'apps', 'scripts']
    .flatMap((dir) => walk(join(root, dir), (name) => name.endsWith('.test.ts')))
    .map((p) => fromRoot(root, p))
    .sort()
}

/**
 * Compares the SPECs with the tests. Each line of the answer is one disagreement; none means they agree.
 */
export function checkSpecRules(root = REPO_ROOT): string[] {
  const specs = specFiles(root).map((file) => parseSpec(file, readFileSync(join(root, file), 'utf8')))
  const tests = testFiles(root).map((file) => parseTestTitles(file, readFileSync(join(root, file), 'utf8')))
  const definitions = specs.flatMap((s) => s.definitions)
  const named = tests.flatMap((t) => t.named)
  const definedIn = new Map<string, RuleDefinition[]>()
  for (const d of definitions) definedIn.set(d.id, [...(definedIn.get(d.id) ?? []), d])
  const namedBy = new Map<string, Set<string>>()
  for (const n of named) namedBy.set(n.id, (namedBy.get(n.id) ?? new Set()).add(n.file))
  const where = (d: { file: string; line: number }) => `${d.file}:${d.line}`

  const problems: string[] = []
  for (const [id, files] of [...namedBy].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })))
    if (!definedIn.has(id)) problems.push(`${id} is named by ${[...files].join(', ')} but defined in no SPEC`)
  for (const d of definitions)
    if (!namedBy.has(d.id)) problems.push(`${d.id} (${where(d)}) is named by no test title`)
  for (const [id, places] of definedIn)
    if (places.length > 1) problems.push(`${id} is defined more than once: ${places.map(where).join(', ')}`)
  for (const r of specs.flatMap((s) => s.references))
    if (!definedIn.get(r.id)?.some((d) => d.file === r.target))
      problems.push(`${r.id} (${where(r)}) says it is defined in ${r.target}, which does not define it`)
  for (const p of specs.flatMap((s) => s.problems)) problems.push(`${where(p)}: ${p.problem}`)
  for (const u of tests.flatMap((t) => t.unread))
    problems.push(`${where(u)}: cannot tell which rule the title ${u.title} names`)
  return problems
}
