import { InvalidInputError } from "@azfed/core";
import { claimsOf, type OidcIssuer, startGitLabJob, startOidcIssuer } from "@azfed/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitLabSubjectOptions, gitlabSubject } from "../src/index";

const AUDIENCE = "api://AzureADTokenExchange";

/** Characters GitLab allows in path segments, plus ones it does not (colon, space, unicode, slash). */
const validPathCharacter = fc.constantFrom(..."abcdefXYZ0189_.-+".split(""));
const pathCharacter = fc.oneof(
  { arbitrary: validPathCharacter, weight: 12 },
  { arbitrary: fc.constantFrom(":", " ", "é", "/"), weight: 1 },
);
/** Characters seen in branch and tag names, including ones git refuses (":", "~", " ", "@{", ".."). */
const validRefCharacter = fc.constantFrom(..."aBcZ09-_".split(""), "ü", "€", "日", "Ä", "@", "{", "+", "%");
const refCharacter = fc.oneof(
  { arbitrary: validRefCharacter, weight: 8 },
  { arbitrary: fc.constantFrom(".", "/", ":", "~", " "), weight: 1 },
);

const segment = (unit: fc.Arbitrary<string>) => fc.string({ unit, minLength: 1, maxLength: 10 });
const validRef = fc
  .array(fc.tuple(fc.constantFrom("/", ".", "-"), segment(validRefCharacter)), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.map(([separator, part], index) => (index === 0 ? part : separator + part)).join(""))
  .filter((name) => !name.includes("@{") && name !== "@");

/** GitLab's rules for project paths, written independently of the builder. */
const breaksGitLabPathRule = (path: string) =>
  /[^A-Za-z0-9_.+\-/]/.test(path) || !/^[^/]+(\/[^/]+)+$/.test(path);
/** git's rules for ref names (`git check-ref-format`), plus GitLab's short-name form. */
const breaksGitRefRule = (name: string) =>
  name === "@" || /[ :~^?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.$|(^|\/)\.|\.lock(\/|$)|^refs\//.test(name);

const anyRef = fc.oneof(
  fc.record({ branch: segment(refCharacter) }),
  fc.record({ tag: segment(refCharacter) }),
);
const validRefOption = fc.oneof(fc.record({ branch: validRef }), fc.record({ tag: validRef }));

describe("gitlabSubject equals the sub GitLab puts in the job's token", () => {
  let instance: OidcIssuer;
  beforeAll(async () => {
    instance = await startOidcIssuer();
  });
  afterAll(() => instance.close());

  async function tokenSubject(options: GitLabSubjectOptions, components?: string[]): Promise<string> {
    const job = await startGitLabJob({
      instance,
      projectPath: options.projectPath,
      ...(options.tag !== undefined ? { tag: options.tag } : { branch: options.branch }),
      ...(components ? { subClaimComponents: components } : {}),
    });
    return claimsOf(await job.mintIdToken(AUDIENCE)).sub as string;
  }

  it("for valid project paths and ref names (dots, slashes, unicode, mixed case)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment(validPathCharacter), { minLength: 2, maxLength: 4 }).map((parts) => parts.join("/")),
        validRefOption,
        fc.constantFrom(
          undefined,
          ["project_path"] as const,
          ["project_path", "ref_type"] as const,
          ["project_path", "ref", "ref_type"] as const,
        ),
        async (projectPath, ref, components) => {
          const options: GitLabSubjectOptions = {
            projectPath,
            ...ref,
            ...(components ? { components } : {}),
          };
          const subject = gitlabSubject(options);
          expect(subject).toBe(await tokenSubject(options, components ? [...components] : undefined));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("for any names: the same subject, or an error naming the field GitLab could never produce", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment(pathCharacter), { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/")),
        anyRef,
        async (projectPath, ref: { branch?: string; tag?: string }) => {
          const options: GitLabSubjectOptions = { projectPath, ...ref };
          const refName = ref.branch ?? ref.tag ?? "";
          let subject: string;
          try {
            subject = gitlabSubject(options);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidInputError);
            const field = (error as InvalidInputError).field;
            if (field === "projectPath") expect(breaksGitLabPathRule(projectPath)).toBe(true);
            else
              expect([field, breaksGitRefRule(refName)]).toEqual([
                ref.tag !== undefined ? "tag" : "branch",
                true,
              ]);
            return;
          }
          expect(breaksGitLabPathRule(projectPath) || breaksGitRefRule(refName)).toBe(false);
          accepted++;
          expect(subject).toBe(await tokenSubject(options));
        },
      ),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(30);
  });
});
