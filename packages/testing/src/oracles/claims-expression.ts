/**
 * A compiled flexible-FIC claims matching expression (language version 1):
 * `claims['sub'] matches 'repo:contoso/*:environment:prod' and claims['job_workflow_ref'] eq '...'`.
 * Written here, independently of `@azfed/core`, on purpose: see ./README.md.
 *
 * @internal
 */
export interface ClaimsMatcher {
  /** The expression as written. */
  readonly source: string;
  /** The claim names the expression reads. */
  readonly claims: readonly string[];
  /** Each comparison, in the order written. */
  readonly comparisons: readonly Comparison[];
  /** Whether the token's claims satisfy every comparison. */
  test(claims: Readonly<Record<string, unknown>>): boolean;
}

/**
 * Thrown by {@link compileClaimsMatchingExpression} for an expression outside the language.
 *
 * @internal
 */
export class ClaimsExpressionSyntaxError extends SyntaxError {
  override readonly name = "ClaimsExpressionSyntaxError";
  readonly position: number;

  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.position = position;
  }
}

/**
 * One `claims['<claim>'] <operator> '<value>'` of an expression.
 *
 * @internal
 */
export interface Comparison {
  readonly claim: string;
  readonly operator: "eq" | "matches";
  readonly value: string;
}

/**
 * Parses an expression of the form `claims['<name>'] (eq|matches) '<value>' [and ...]`.
 * String literals use single quotes; a quote inside one is written twice (`''`): the page says
 * "Single quotes are interpreted as escape characters". The claim lookup is written as the page
 * writes it (`claims['sub']`, nothing inside the brackets but the quoted name); the operator is
 * "separated from the claim lookup and comparand by a single space", read here as: at least one
 * whitespace character there and around `and` (a longer run is accepted; Entra's answer to one is
 * not documented). In `matches` values, `*` stands for any run of characters and `?` for exactly
 * one. Comparisons are case-sensitive, like every federated identity credential comparison.
 *
 * @see https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 *   (entra-docs `docs/workload-id/workload-identities-flexible-federated-identity-credentials.md`,
 *   ms.date 08/14/2026, checked 2026-12-07: "Flexible federated identity credential language
 *   structure" and "Single quotes are interpreted as escape characters")
 *
 * @internal
 */
export function compileClaimsMatchingExpression(source: string): ClaimsMatcher {
  const comparisons = new Parser(source).parse();
  const tests = comparisons.map((comparison) => {
    if (comparison.operator === "eq") {
      return (value: string) => value === comparison.value;
    }
    const pattern = wildcardPattern(comparison.value);
    return (value: string) => pattern.test(value);
  });
  return {
    source,
    claims: [...new Set(comparisons.map((comparison) => comparison.claim))],
    comparisons,
    test(claims) {
      return comparisons.every((comparison, index) => {
        const value = claims[comparison.claim];
        return typeof value === "string" && (tests[index] as (value: string) => boolean)(value);
      });
    },
  };
}

function wildcardPattern(value: string): RegExp {
  let pattern = "";
  for (const character of value) {
    if (character === "*") pattern += "[\\s\\S]*";
    else if (character === "?") pattern += "[\\s\\S]";
    else pattern += character.replace(/[.+^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${pattern}$`, "u");
}

class Parser {
  #position = 0;
  readonly #source: string;

  constructor(source: string) {
    this.#source = source;
  }

  parse(): Comparison[] {
    const comparisons = [this.#comparison()];
    for (;;) {
      const end = this.#position;
      this.#skipSpace();
      if (this.#position >= this.#source.length) return comparisons;
      if (this.#position === end) {
        throw new ClaimsExpressionSyntaxError(`expected a space before 'and', got ${this.#shown()}`, end);
      }
      this.#keyword("and");
      comparisons.push(this.#comparison());
    }
  }

  #comparison(): Comparison {
    this.#skipSpace();
    this.#literal("claims[");
    const claim = this.#string();
    if (claim === "") throw new ClaimsExpressionSyntaxError("expected a claim name, got ''", this.#position);
    this.#literal("]");
    this.#requireSpace("the operator");
    const operator = this.#operator();
    this.#skipSpace();
    const value = this.#string();
    return { claim, operator, value };
  }

  #operator(): "eq" | "matches" {
    for (const operator of ["eq", "matches"] as const) {
      if (this.#source.startsWith(operator, this.#position) && this.#boundaryAfter(operator.length)) {
        this.#position += operator.length;
        return operator;
      }
    }
    throw new ClaimsExpressionSyntaxError(
      `expected the operator 'eq' or 'matches', got ${this.#shown()}`,
      this.#position,
    );
  }

  #keyword(word: string): void {
    if (!this.#source.startsWith(word, this.#position) || !this.#boundaryAfter(word.length)) {
      throw new ClaimsExpressionSyntaxError(`expected '${word}', got ${this.#shown()}`, this.#position);
    }
    this.#position += word.length;
  }

  #literal(text: string): void {
    if (!this.#source.startsWith(text, this.#position)) {
      throw new ClaimsExpressionSyntaxError(`expected "${text}", got ${this.#shown()}`, this.#position);
    }
    this.#position += text.length;
  }

  #string(): string {
    const start = this.#position;
    if (this.#source[this.#position] !== "'") {
      throw new ClaimsExpressionSyntaxError(`expected a 'quoted string', got ${this.#shown()}`, start);
    }
    this.#position++;
    let value = "";
    while (this.#position < this.#source.length) {
      const character = this.#source[this.#position] as string;
      if (character === "'") {
        if (this.#source[this.#position + 1] === "'") {
          value += "'";
          this.#position += 2;
          continue;
        }
        this.#position++;
        return value;
      }
      value += character;
      this.#position++;
    }
    throw new ClaimsExpressionSyntaxError("unterminated string", start);
  }

  #boundaryAfter(length: number): boolean {
    const next = this.#source[this.#position + length];
    return next === undefined || /\s/.test(next);
  }

  #requireSpace(before: string): void {
    const start = this.#position;
    this.#skipSpace();
    if (this.#position === start) {
      throw new ClaimsExpressionSyntaxError(`expected a space before ${before}, got ${this.#shown()}`, start);
    }
  }

  #skipSpace(): void {
    while (/\s/.test(this.#source[this.#position] ?? "")) this.#position++;
  }

  #shown(): string {
    const rest = this.#source.slice(this.#position, this.#position + 20);
    return rest === "" ? "the end of the expression" : JSON.stringify(rest);
  }
}
