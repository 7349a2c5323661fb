import { randomUUID } from "node:crypto";
import { InvalidInputError } from "@azfed/core";
import { type AzureDevOpsEmulator, claimsOf, startAzureDevOpsEmulator } from "@azfed/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { azurePipelinesEntraSubject, azurePipelinesSubject } from "../src/index";

/** Name characters, including colons, slashes, dots, unicode and mixed case. */
const nameCharacter = fc.oneof(
  { arbitrary: fc.constantFrom(..."aBcXyZ0189 -_.".split("")), weight: 10 },
  { arbitrary: fc.constantFrom(":", "/", "é", "Ω", "日", "€", "(", ")", "'", "&"), weight: 3 },
);
const name = fc.string({ unit: nameCharacter, minLength: 1, maxLength: 24 });
const organizationName = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,20}[A-Za-z0-9])?$/);

async function tokenSubject(devops: AzureDevOpsEmulator, connectionId: string): Promise<string> {
  return claimsOf(await devops.mintServiceConnectionToken(connectionId)).sub as string;
}

describe("the builders' subjects equal the sub Azure DevOps puts in the service connection's token", () => {
  let devops: AzureDevOpsEmulator;
  beforeAll(async () => {
    devops = await startAzureDevOpsEmulator({ organization: "Contoso-Ltd", project: "Web Platform · Ω" });
  });
  afterAll(() => devops.close());

  it("legacy sc:// subjects, over generated service connection names", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(name, async (serviceConnection) => {
        let subject: string;
        try {
          subject = azurePipelinesSubject({
            organization: "Contoso-Ltd",
            project: "Web Platform · Ω",
            serviceConnection,
          });
        } catch (error) {
          // Only surrounding whitespace is refused in a connection's name: Entra compares subjects exactly.
          expect(error).toBeInstanceOf(InvalidInputError);
          expect((error as InvalidInputError).field).toBe("serviceConnection");
          expect(serviceConnection.trim()).not.toBe(serviceConnection);
          return;
        }
        accepted++;
        const connection = { id: randomUUID(), name: serviceConnection, issuer: "legacy" as const };
        await devops.addServiceConnection(connection);
        expect(subject).toBe(await tokenSubject(devops, connection.id));
      }),
      { numRuns: 200 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it("legacy sc:// subjects, over generated organization and project names", async () => {
    await fc.assert(
      fc.asyncProperty(organizationName, name, name, async (organization, project, serviceConnection) => {
        let subject: string;
        try {
          subject = azurePipelinesSubject({ organization, project, serviceConnection });
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInputError);
          const field = (error as InvalidInputError).field;
          const value = field === "project" ? project : serviceConnection;
          expect(["project", "serviceConnection"]).toContain(field);
          expect(value.trim() !== value || (field === "project" && /[/\\]/.test(value))).toBe(true);
          return;
        }
        const connection = { id: randomUUID(), name: serviceConnection, issuer: "legacy" as const };
        const emulator = await startAzureDevOpsEmulator({
          organization,
          project,
          serviceConnections: [connection],
          ca: devops.ca,
        });
        try {
          expect(subject).toBe(await tokenSubject(emulator, connection.id));
        } finally {
          await emulator.close();
        }
      }),
      { numRuns: 10 },
    );
  });

  it("Entra /eid1 subjects, over generated tenant and connection ids in any case", async () => {
    const guid = fc.uuid().chain((id) => fc.constantFrom(id, id.toUpperCase()));
    await fc.assert(
      fc.asyncProperty(guid, guid, async (tenantId, serviceConnectionId) => {
        const subject = azurePipelinesEntraSubject({
          tenantId,
          organizationId: devops.organizationId.toUpperCase(),
          serviceConnectionId,
        });
        // A new tenant gets its own Entra-format issuer in the emulator.
        await devops.addServiceConnection({
          id: serviceConnectionId,
          name: "entra",
          issuer: "entra",
          tenantId,
        });
        expect(subject).toBe(await tokenSubject(devops, serviceConnectionId));
      }),
      { numRuns: 10 },
    );
  });
});
