/**
 * One condition of a flexible federated identity credential's expression, e.g.
 * `claims['sub'] matches 'repo:contoso/*:environment:prod'`.
 *
 * @example
 * ```ts
 * const condition: ClaimCondition = { claim: "sub", operator: "eq", value: "repo:contoso/app:pull_request", position: 0 };
 * ```
 */
export interface ClaimCondition {
  /** The claim compared, e.g. `sub` or `job_workflow_ref`. */
  readonly claim: string;
  /** `eq`: the claim equals the value exactly; `matches`: the value is a pattern where `*` is any run of characters and `?` one character. */
  readonly operator: "eq" | "matches";
  /** The string literal, without its quotes. */
  readonly value: string;
  /** Where the condition starts in the expression (0-based). */
  readonly position: number;
}

/**
 * A parsed `claimsMatchingExpression` (language version 1): conditions joined by `and`.
 *
 * @example
 * ```ts
 * const parsed: ParsedClaimsMatchingExpression = parseClaimsMatchingExpression("claims['sub'] eq 'x'");
 * parsed.conditions.length; // 1
 * ```
 */
export interface ParsedClaimsMatchingExpression {
  readonly conditions: readonly ClaimCondition[];
}

/**
 * Thrown by {@link parseClaimsMatchingExpression} for an expression Entra would not accept. Says where
 * (0-based `position`), what was expected and what was found.
 *
 * @example
 * ```ts
 * try {
 *   parseClaimsMatchingExpression("claims['sub'] equals 'x'");
 * } catch (error) {
 *   if (error instanceof ClaimsMatchingExpressionSyntaxError) console.log(error.position); // 14
 * }
 * ```
 */
export class ClaimsMatchingExpressionSyntaxError extends SyntaxError {
  override readonly name = "ClaimsMatchingExpressionSyntaxError";
  /** 0-based index in the expression where the problem is. */
  readonly position: number;
  /** What the grammar allows there. */
  readonly expected: string;
  /** What is there instead. */
  readonly found: string;

  constructor(position: number, expected: string, found: string) {
    super(
      `Invalid claimsMatchingExpression at position ${position}: expected ${expected}, found ${found}. ` +
        "The syntax is claims['<claim>'] eq|matches '<value>', conditions joined by 'and'.",
    );
    this.position = position;
    this.expected = expected;
    this.found = found;
  }
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Parses a flexible FIC's `claimsMatchingExpression.value` (language version 1):
 * `claims['<claim>'] eq '<value>'` or `claims['<claim>'] matches '<pattern>'`, conditions joined by
 * `and`, strings in single quotes, a single quote inside one written twice (`''`). The claim lookup is
 * written as Entra's page writes it (nothing inside `claims['…']` but the quoted name); the operator
 * and `and` are set off by whitespace (the page: "a single space"; a longer run is accepted). Throws
 * {@link ClaimsMatchingExpressionSyntaxError} with the position of the first problem.
 *
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 *   (ms.date 08/14/2026, checked 2026-12-07: the claim lookup "must follow the pattern of
 *   `claims['<claimName>']`"; the operator is "separated from the claim lookup and comparand by a
 *   single space"; "Single quotes are interpreted as escape characters")
 *
 * @example
 * ```ts
 * const { conditions } = parseClaimsMatchingExpression(
 *   "claims['sub'] matches 'repo:contoso/*:environment:prod' and claims['job_workflow_ref'] eq 'contoso/ci/.github/workflows/deploy.yml@refs/heads/main'",
 * );
 * conditions.map((c) => c.claim); // ["sub", "job_workflow_ref"]
 * ```
 */
export function parseClaimsMatchingExpression(expression: string): ParsedClaimsMatchingExpression {
  let at = 0;
  const conditions: ClaimCondition[] = [];

  const skipWhitespace = () => {
    while (at < expression.length && /\s/.test(expression[at] ?? "")) at++;
  };
  const found = (): string => {
    if (at >= expression.length) return "the end of the expression";
    const rest = expression.slice(at).match(/^\s{0,8}\S{1,24}/)?.[0] ?? expression.slice(at, at + 1);
    return JSON.stringify(rest);
  };
  const fail = (expected: string): never => {
    throw new ClaimsMatchingExpressionSyntaxError(at, expected, found());
  };
  const readWord = (): string | undefined => {
    WORD.lastIndex = at;
    const match = WORD.exec(expression);
    return match?.[0];
  };
  const expectWord = (word: string, expected: string) => {
    if (readWord() !== word) fail(expected);
    at += word.length;
  };
  const expectCharacter = (character: string) => {
    if (expression[at] !== character) fail(`'${character}'`);
    at++;
  };
  const readString = (what: string): string => {
    if (expression[at] !== "'") {
      fail(
        expression[at] === '"' ? `${what} in single quotes (not double quotes)` : `${what} in single quotes`,
      );
    }
    const start = at;
    let value = "";
    let from = at + 1;
    for (;;) {
      const quote = expression.indexOf("'", from);
      if (quote === -1) fail(`a closing single quote for the string that starts at position ${start}`);
      value += expression.slice(from, quote);
      if (expression[quote + 1] !== "'") {
        at = quote + 1;
        return value;
      }
      value += "'";
      from = quote + 2;
    }
  };
  const requireWhitespace = (expected: string) => {
    const before = at;
    skipWhitespace();
    if (at === before) fail(expected);
  };

  for (;;) {
    skipWhitespace();
    const position = at;
    expectWord("claims", "claims['<claim name>']");
    expectCharacter("[");
    const claimAt = at;
    const claim = readString("a claim name");
    if (claim === "") {
      at = claimAt;
      fail("a non-empty claim name such as 'sub'");
    }
    expectCharacter("]");
    requireWhitespace("a space before 'eq' or 'matches'");
    const operator = readWord();
    if (operator !== "eq" && operator !== "matches") fail("'eq' or 'matches'");
    at += (operator as string).length;
    requireWhitespace(`a space after '${operator}'`);
    const value = readString("a value");
    conditions.push({ claim, operator: operator as ClaimCondition["operator"], value, position });
    const end = at;
    skipWhitespace();
    if (at >= expression.length) return { conditions };
    if (at === end) fail("a space before 'and'");
    expectWord("and", "'and' or the end of the expression");
    if (at < expression.length) requireWhitespace("a space after 'and'");
  }
}

/**
 * Whether a claim value matches a `matches` pattern: `*` stands for any run of characters (also
 * none), `?` for exactly one character; everything else, letter case included, must be equal.
 *
 * @example
 * ```ts
 * matchesWildcardPattern("repo:contoso/app:environment:prod", "repo:contoso/*:environment:prod"); // true
 * matchesWildcardPattern("repo:Contoso/app:environment:prod", "repo:contoso/*:environment:prod"); // false
 * ```
 */
export function matchesWildcardPattern(value: string, pattern: string): boolean {
  const text = [...value];
  const glob = [...pattern];
  let t = 0;
  let g = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (t < text.length) {
    if (g < glob.length && (glob[g] === "?" || (glob[g] !== "*" && glob[g] === text[t]))) {
      t++;
      g++;
    } else if (g < glob.length && glob[g] === "*") {
      starAt = g++;
      resumeAt = t;
    } else if (starAt !== -1) {
      g = starAt + 1;
      t = ++resumeAt;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === "*") g++;
  return g === glob.length;
}

/**
 * Whether one condition holds for a token's claims. A claim that is absent or not a string never
 * matches.
 *
 * @example
 * ```ts
 * isClaimConditionMet({ claim: "sub", operator: "eq", value: "a", position: 0 }, { sub: "a" }); // true
 * ```
 */
export function isClaimConditionMet(
  condition: ClaimCondition,
  claims: Readonly<Record<string, unknown>>,
): boolean {
  const actual = claims[condition.claim];
  if (typeof actual !== "string") return false;
  return condition.operator === "eq"
    ? actual === condition.value
    : matchesWildcardPattern(actual, condition.value);
}

/**
 * Whether a token's claims satisfy a flexible FIC's expression, as Entra evaluates it: every
 * condition must hold, comparisons are case-sensitive. Accepts the expression text (parsed first,
 * so a syntax error throws {@link ClaimsMatchingExpressionSyntaxError}) or an already parsed one.
 *
 * @example
 * ```ts
 * evaluateClaimsMatchingExpression("claims['sub'] matches 'repo:contoso/*:environment:prod'", {
 *   sub: "repo:contoso/api:environment:prod",
 * }); // true
 * ```
 */
export function evaluateClaimsMatchingExpression(
  expression: string | ParsedClaimsMatchingExpression,
  claims: Readonly<Record<string, unknown>>,
): boolean {
  const parsed = typeof expression === "string" ? parseClaimsMatchingExpression(expression) : expression;
  return parsed.conditions.every((condition) => isClaimConditionMet(condition, claims));
}
