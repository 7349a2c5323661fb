export default ["packages/*", "examples"];
