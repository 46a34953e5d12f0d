import { createFeedbridgeApp } from '../lib/feedbridge-app.ts';

// The CLI passes the target account/region when it has credentials; without them the stacks are
// environment-agnostic, so `cdk synth` works offline on a clean clone.
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;

createFeedbridgeApp({
  env: { ...(account ? { account } : {}), ...(region ? { region } : {}) },
});
