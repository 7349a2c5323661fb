import { azfedProject } from "../../vitest.shared";

export default azfedProject("terraform");
