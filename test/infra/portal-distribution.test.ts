import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PortalDistribution } from '../../lib/constructs/portal-distribution.ts';
import { FEATURE_FLAGS } from '../../lib/feedbridge-app.ts';
import { isFilePath } from '../../local/portal-assets.ts';
import { SKIP_BUNDLING } from './synth-feedbridge.ts';

/** CloudFront's managed policies, by their documented ids. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

const scratch = mkdtempSync(join(tmpdir(), 'feedbridge-portal-infra-'));

interface Built {
  app: App;
  stack: Stack;
  portal: PortalDistribution;
  template: Template;
  id: (construct: { node: { defaultChild?: unknown } }) => string;
}

/** The construct in a stack of its own (the stateless stack's wiring is in stateless-stack.test.ts). */
function build(name: string, options: { bundle?: boolean } = {}): Built {
  const app = new App({
    context: { ...FEATURE_FLAGS, ...(options.bundle ? {} : SKIP_BUNDLING) },
    outdir: join(scratch, name),
  });
  const stack = new Stack(app, 'PortalTest');
  const userPool = new cognito.UserPool(stack, 'Producers');
  const api = new apigwv2.HttpApi(stack, 'Api');
  const uploads = new s3.Bucket(stack, 'Objects', { enforceSSL: true });
  const portal = new PortalDistribution(stack, 'Portal', {
    api,
    userPool,
    cognitoDomainPrefix: 'feedbridge-test',
    uploadBucket: uploads,
  });
  const template = Template.fromStack(stack);
  const id = (construct: { node: { defaultChild?: unknown } }) =>
    stack.resolve((construct.node.defaultChild as { logicalId: string }).logicalId) as string;
  return { app, stack, portal, template, id };
}

let built: Built;
beforeAll(() => {
  built = build('main');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Json = Record<string, unknown>;
const only = (template: Template, type: string): Json => {
  const found = Object.values(template.findResources(type));
  expect(found, type).toHaveLength(1);
  return (found[0] as { Properties: Json }).Properties;
};

describe('portal distribution: CloudFront', () => {
  it('serves the private bucket through origin access control, HTTPS only, from every edge', () => {
    const { template, portal, id } = built;
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    });
    const config = only(template, 'AWS::CloudFront::Distribution').DistributionConfig as Json;
    expect(config).toMatchObject({
      DefaultRootObject: 'index.html',
      PriceClass: 'PriceClass_All',
      HttpVersion: 'http2and3',
      Enabled: true,
      Logging: {
        Bucket: { 'Fn::GetAtt': [id(portal.logBucket), 'RegionalDomainName'] },
        Prefix: 'distribution/',
      },
    });
    const s3Origin = (config.Origins as Json[]).find((origin) => 'S3OriginConfig' in origin);
    expect(s3Origin).toMatchObject({
      DomainName: { 'Fn::GetAtt': [id(portal.bucket), 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [expect.any(String), 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    });
  });

  it('routes app pages through the SPA fallback, with redirect to HTTPS', () => {
    const config = only(built.template, 'AWS::CloudFront::Distribution').DistributionConfig as Json;
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      CachePolicyId: CACHING_OPTIMIZED,
      Compress: true,
      FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: expect.anything() }],
    });
    const behaviours = config.CacheBehaviors as Json[];
    expect(behaviours.map((behaviour) => behaviour.PathPattern)).toEqual(['/assets/*', 'producers/*']);
    expect(behaviours[0]).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      CachePolicyId: CACHING_OPTIMIZED,
    });
    expect(behaviours[0]?.FunctionAssociations).toBeUndefined();
  });

  it('puts the API on the same origin: /producers/* to the HTTP API, uncached, every viewer header but Host', () => {
    const config = only(built.template, 'AWS::CloudFront::Distribution').DistributionConfig as Json;
    const api = (config.CacheBehaviors as Json[])[1] as Json;
    expect(api).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
    });
    const apiOrigin = (config.Origins as Json[]).find((origin) => origin.Id === api.TargetOriginId);
    expect(apiOrigin).toMatchObject({
      // The host part of https://<id>.execute-api.<region>.amazonaws.com
      DomainName: {
        'Fn::Select': [
          2,
          {
            'Fn::Split': [
              '/',
              { 'Fn::GetAtt': [built.id(built.stack.node.findChild('Api')), 'ApiEndpoint'] },
            ],
          },
        ],
      },
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
  });

  it('answers index.html for app pages and leaves files alone, as the local server does', () => {
    const code = only(built.template, 'AWS::CloudFront::Function').FunctionCode as string;
    const rewrite = (uri: string) =>
      (runInNewContext(`${code}\nhandler(event)`, { event: { request: { uri } } }) as { uri: string }).uri;
    for (const uri of [
      '/',
      '/uploads',
      '/uploads/cat-1',
      '/channels/x/items/HU.001',
      '/config.json',
      '/favicon.ico',
    ]) {
      expect([uri, rewrite(uri)]).toEqual([uri, isFilePath(uri) ? uri : '/index.html']);
    }
    expect(rewrite('/uploads/cat-1')).toBe('/index.html');
    expect(rewrite('/config.json')).toBe('/config.json');
    expect(only(built.template, 'AWS::CloudFront::Function').FunctionConfig).toMatchObject({
      Runtime: 'cloudfront-js-2.0',
    });
  });
});

describe('portal distribution: the assets bucket', () => {
  it('is private, encrypted, TLS-only and logged', () => {
    const { template, portal, id } = built;
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: id(portal.logBucket) },
        LogFilePrefix: 'assets-bucket/',
      },
    });
  });

  it('lets only this distribution read it, through OAC (no public, no other principal)', () => {
    const { template, portal, id } = built;
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter(
      (policy) => (policy.Properties.Bucket as Json).Ref === id(portal.bucket),
    );
    const [policy] = policies;
    expect(policies).toHaveLength(1);
    if (!policy) return;
    const statements = (policy.Properties.PolicyDocument as { Statement: Json[] }).Statement;
    const allows = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id(portal.bucket), 'Arn'] }, '/*']] },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':cloudfront::',
                  { Ref: 'AWS::AccountId' },
                  ':distribution/',
                  { Ref: id(portal.distribution) },
                ],
              ],
            },
          },
        },
      },
    ]);
    expect(statements.filter((statement) => statement.Effect === 'Deny')).toEqual([
      expect.objectContaining({ Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({ Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
    ]);
  });

  it('is filled by a BucketDeployment that invalidates the edge after each deploy', () => {
    const { template, portal, id } = built;
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: id(portal.bucket) },
      DistributionId: { Ref: id(portal.distribution) },
      DistributionPaths: ['/*'],
      Prune: true,
    });
  });
});

describe('portal distribution: response headers', () => {
  const policies = () =>
    Object.values(built.template.findResources('AWS::CloudFront::ResponseHeadersPolicy')).map(
      (policy) => (policy.Properties as { ResponseHeadersPolicyConfig: Json }).ResponseHeadersPolicyConfig,
    );

  it('sends a strict CSP (nothing inline; connect only to itself, Cognito and the upload bucket)', () => {
    const { stack, portal } = built;
    const uploadBucket = stack.node.findChild('Objects') as s3.Bucket;
    const expected =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https:; " +
      `connect-src 'self' ${portal.userPoolDomain.baseUrl()} https://${uploadBucket.bucketRegionalDomainName}; ` +
      "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    expect(policies()).toHaveLength(3);
    for (const config of policies()) {
      expect((config.SecurityHeadersConfig as Json).ContentSecurityPolicy).toEqual({
        ContentSecurityPolicy: stack.resolve(expected),
        Override: true,
      });
    }
  });

  it('sends HSTS, nosniff, DENY framing and a same-origin referrer on every behaviour', () => {
    for (const config of policies()) {
      expect(config.SecurityHeadersConfig).toMatchObject({
        StrictTransportSecurity: {
          AccessControlMaxAgeSec: 63072000,
          IncludeSubdomains: true,
          Override: true,
        },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'same-origin', Override: true },
      });
    }
  });

  it('caches hashed assets for a year and makes the page revalidate; the API keeps its own', () => {
    const cacheControl = policies().map(
      (config) =>
        (config.CustomHeadersConfig as { Items: { Header: string; Value: string }[] }).Items.find(
          (item) => item.Header === 'Cache-Control',
        )?.Value ?? null,
    );
    expect(cacheControl.sort()).toEqual([null, 'no-cache', 'public, max-age=31536000, immutable'].sort());
  });
});

describe('portal distribution: Cognito managed login', () => {
  it('adds a managed-login domain and a public code + PKCE client whose callback is this distribution', () => {
    const { template, portal, id } = built;
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'feedbridge-test',
      ManagedLoginVersion: 2,
    });
    const callback = {
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [id(portal.distribution), 'DomainName'] }, '/callback']],
    };
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'feedbridge-portal',
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [callback],
      LogoutURLs: [
        { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [id(portal.distribution), 'DomainName'] }, '/']] },
      ],
      SupportedIdentityProviders: ['COGNITO'],
      ReadAttributes: Match.arrayWith(['custom:producerId']),
      PreventUserExistenceErrors: 'ENABLED',
    });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      ClientId: { Ref: id(portal.userPoolClient) },
      UseCognitoProvidedValues: true,
    });
  });
});

/** The construct's own findings (its resources and the stack's BucketDeployment function), not the fixtures'. */
function portalFindings(target: Built): string[] {
  const ours = (path: string) =>
    path.startsWith('PortalTest/Portal/') || path.startsWith('PortalTest/Custom::CDKBucketDeployment');
  return new AwsSolutionsChecks()
    .validateScope(target.stack)
    .violations.flatMap((violation) =>
      violation.violatingResources
        .filter((resource) => ours(resource.constructPath ?? ''))
        .map(() => violation.ruleName),
    )
    .sort();
}

describe('portal distribution: cdk-nag AwsSolutions', () => {
  it('leaves no finding unacknowledged, error or warning', () => {
    expect(portalFindings(built)).toEqual([]);
  });

  it('does see findings when they are not acknowledged (the check above is not vacuous)', () => {
    const acknowledge = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
    let findings: string[];
    try {
      findings = portalFindings(build('bare'));
    } finally {
      acknowledge.mockRestore();
    }
    const acknowledged: string[] = [];
    const visit = (construct: IConstruct): void => {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [ruleId, reason] of Object.entries(entry.data as Record<string, string>)) {
          expect(reason.length, ruleId).toBeGreaterThan(60);
          acknowledged.push(ruleId.replace(/^annotation::/i, ''));
        }
      }
      for (const child of construct.node.children) visit(child);
    };
    visit(built.stack);
    expect(findings.length).toBeGreaterThan(0);
    // Acknowledged: exactly the findings that occur, each once, none "just in case".
    expect([...new Set(acknowledged)].sort()).toEqual([...new Set(findings)].sort());
  });
});

describe('portal distribution: the build', () => {
  it('builds the portal with Vite at synth into the deployed asset (no Docker)', () => {
    const bundled = build('bundled', { bundle: true });
    const assembly = bundled.app.synth();
    const assetDirs = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    const portalAsset = assetDirs.find((name) => existsSync(join(assembly.directory, name, 'index.html')));
    expect(portalAsset).toBeDefined();
    const dir = join(assembly.directory, portalAsset ?? '');
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toMatch(
      /<script type="module" crossorigin src="\/assets\/[^"]+\.js">/,
    );
    expect(readdirSync(join(dir, 'assets')).some((name) => name.endsWith('.js'))).toBe(true);
  }, 120_000);
});
