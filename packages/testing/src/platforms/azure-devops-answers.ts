import type { ServerResponse } from "node:http";
import { sendJson } from "../servers/json-response";
import { SIGN_IN_PAGE, vssErrorBody } from "./azure-devops-model";

/**
 * An Azure DevOps error answer: `status` with the VSS error JSON (`message`, `typeKey`, …).
 *
 * @internal
 */
export function sendVssError(
  response: ServerResponse,
  status: number,
  message: string,
  typeKey: string,
): void {
  sendJson(response, status, vssErrorBody(message, typeKey));
}

/**
 * The HTML sign-in page Azure DevOps shows a browser (what a client that follows redirects gets).
 *
 * @internal
 */
export function sendSignInPage(response: ServerResponse, status: number): void {
  response.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(SIGN_IN_PAGE),
  });
  response.end(SIGN_IN_PAGE);
}

/**
 * Azure DevOps' answer to a missing or wrong access token: `401` with `WWW-Authenticate: Bearer` when
 * the client sent `X-TFS-FedAuthRedirect: Suppress`, else a `302` to the sign-in page.
 *
 * @internal
 */
export function sendSignInChallenge(
  response: ServerResponse,
  request: { readonly suppressRedirect: boolean; readonly signInUrl: string; readonly path: string },
): void {
  if (request.suppressRedirect) {
    response.writeHead(401, { "www-authenticate": "Bearer", "content-length": 0 }).end();
    return;
  }
  const signIn = `${request.signInUrl}?realm=dev.azure.com&reply_to=${encodeURIComponent(`https://dev.azure.com${request.path}`)}`;
  response.writeHead(302, { location: signIn, "content-type": "text/html; charset=utf-8" });
  response.end(
    `<html><head><title>Object moved</title></head><body><h2>Object moved to <a href="${signIn}">here</a>.</h2></body></html>`,
  );
}
