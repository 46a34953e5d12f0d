import {
  AssetHashType,
  type CfnElement,
  DockerImage,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildPortalSync, PORTAL_DIR } from '../../local/portal-build.ts';
import {
  ASSETS_PREFIX,
  CACHE_CONTROL,
  contentSecurityPolicy,
  HSTS_MAX_AGE_SECONDS,
  SECURITY_HEADERS,
} from '../../portal/security-headers.ts';
import { PRODUCER_ID_ATTRIBUTE } from '../stateful-stack.ts';

export interface PortalDistributionProps {
  /** The producer API, served on the portal's own origin under /producers/* (so no CORS). */
  readonly api: apigwv2.IHttpApi;
  /** The producer user pool: the construct adds the managed-login domain and the portal's app client. */
  readonly userPool: cognito.IUserPool;
  /** Prefix of the Cognito domain (`<prefix>.auth.<region>.amazoncognito.com`), unique in the region. */
  readonly cognitoDomainPrefix: string;
  /** The bucket presigned uploads PUT into: the page may connect to it (and only it) besides itself. */
  readonly uploadBucket?: s3.IBucket;
  /** A custom domain with its ACM certificate (us-east-1); without them, the *.cloudfront.net name. */
  readonly domainName?: string;
  readonly certificate?: acm.ICertificate;
  /** The built portal; default: built from portal/ by Vite at synth (no Docker). */
  readonly assets?: s3deploy.ISource;
}

/** The SPA's own pages are index.html; a top-level file (config.json, favicon) is itself. Mirrors isFilePath. */
const SPA_FALLBACK_FUNCTION = `function handler(event) {
  var request = event.request;
  var rest = request.uri.substring(1);
  if (rest.indexOf('/') === -1 && rest.indexOf('.') !== -1) return request;
  request.uri = '/index.html';
  return request;
}`;

/** Built at synth with the repository's own Vite, like the functions with the local esbuild. */
function builtPortal(): s3deploy.ISource {
  return s3deploy.Source.asset(PORTAL_DIR, {
    exclude: ['dist', 'dist.*', 'node_modules'],
    // The page also bundles functions/core/messages and the glossary: hash what was built, not portal/.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: the local build either succeeds or fails the synth (tryBundle throws).
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim'),
      local: {
        tryBundle(outputDir: string) {
          buildPortalSync(outputDir);
          return true;
        },
      },
    },
  });
}

/**
 * The producer portal on AWS: a private bucket of the built page behind CloudFront (origin access
 * control, HTTPS only, security headers and a strict CSP), the HTTP API on the same origin, and
 * what Cognito managed login needs (a domain and an authorization-code + PKCE app client whose
 * callback is this distribution).
 */
export class PortalDistribution extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly userPoolDomain: cognito.UserPoolDomain;
  /** Its ID tokens have this audience: the API's JWT authorizer must accept it. */
  readonly userPoolClient: cognito.UserPoolClient;
  /** Copies the build into the bucket with CDK's own function (the stack's one helper function). */
  readonly deployment: s3deploy.BucketDeployment;
  readonly url: string;

  constructor(scope: Construct, id: string, props: PortalDistributionProps) {
    super(scope, id);
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // CloudFront standard logging writes with ACLs: the one bucket that must allow them.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Assets', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'assets-bucket/',
      // Build output only, rebuilt on every deploy: nothing here is worth keeping.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.userPoolDomain = new cognito.UserPoolDomain(this, 'LoginDomain', {
      userPool: props.userPool,
      cognitoDomain: { domainPrefix: props.cognitoDomainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    const cognitoUrl = this.userPoolDomain.baseUrl();

    const connectSources = [cognitoUrl];
    if (props.uploadBucket) connectSources.push(`https://${props.uploadBucket.bucketRegionalDomainName}`);
    const policy = (name: string, cacheControl: string | null) =>
      new cloudfront.ResponseHeadersPolicy(this, `${name}Headers`, {
        comment: `feedbridge portal: security headers (${name})`,
        securityHeadersBehavior: {
          contentSecurityPolicy: {
            contentSecurityPolicy: contentSecurityPolicy(connectSources),
            override: true,
          },
          strictTransportSecurity: {
            accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
            includeSubdomains: true,
            override: true,
          },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.SAME_ORIGIN, override: true },
        },
        customHeadersBehavior: {
          customHeaders: [
            {
              header: 'Cross-Origin-Opener-Policy',
              value: SECURITY_HEADERS['cross-origin-opener-policy'],
              override: true,
            },
            { header: 'Permissions-Policy', value: SECURITY_HEADERS['permissions-policy'], override: true },
            ...(cacheControl ? [{ header: 'Cache-Control', value: cacheControl, override: true }] : []),
          ],
        },
      });
    const pageHeaders = policy('Page', CACHE_CONTROL.revalidate);
    const assetHeaders = policy('Assets', CACHE_CONTROL.immutable);
    // The API's answers keep their own caching; they get the same security headers.
    const apiHeaders = policy('Api', null);

    const siteOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    // apiEndpoint is https://<id>.execute-api.<region>.amazonaws.com: the origin is its host.
    const apiOrigin = new origins.HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint)), {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });
    const spaFallback = new cloudfront.Function(this, 'SpaFallback', {
      comment: 'feedbridge portal: app paths answer index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK_FUNCTION),
    });

    const custom = props.domainName && props.certificate;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'feedbridge producer portal',
      defaultRootObject: 'index.html',
      // Producers are in Rwanda: its nearest edges (Nairobi, Johannesburg) are only in the "all" class.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      ...(custom
        ? {
            domainNames: [props.domainName as string],
            certificate: props.certificate,
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'distribution/',
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: pageHeaders,
        compress: true,
        functionAssociations: [
          { function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        [`${ASSETS_PREFIX}*`]: {
          origin: siteOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: assetHeaders,
          compress: true,
        },
        'producers/*': {
          origin: apiOrigin,
          // No redirect: a token sent over http is already exposed; refuse it instead.
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // Every viewer header (Authorization for the JWT authorizer, Accept-Language) but Host,
          // which must name the API's own domain for API Gateway to route the request.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiHeaders,
          compress: true,
        },
      },
    });
    const acknowledge = (ruleId: string, reason: string) =>
      Validations.of(this.distribution).acknowledge({ id: ruleId, reason });
    acknowledge(
      'AwsSolutions-CFR1',
      'Producers sign in from anywhere (Rwanda, their buyers abroad, travelling staff); there is no country to exclude, and every route needs a producer token.',
    );
    acknowledge(
      'AwsSolutions-CFR2',
      'The page is static and every /producers/* route is behind the JWT authorizer and the HTTP API stage throttling; a WAF web ACL (us-east-1, billed per rule) is left to a deployment that needs one.',
    );
    if (!custom) {
      acknowledge(
        'AwsSolutions-CFR4',
        'Without a custom domain the distribution uses the *.cloudfront.net certificate, whose TLS policy CloudFront fixes; pass domainName and certificate to get TLSv1.2_2021.',
      );
    }
    this.url = custom ? `https://${props.domainName}` : `https://${this.distribution.distributionDomainName}`;

    this.userPoolClient = new cognito.UserPoolClient(this, 'PortalClient', {
      userPool: props.userPool,
      userPoolClientName: 'feedbridge-portal',
      // A browser cannot keep a secret: a public client, protected by PKCE instead.
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [`${this.url}/callback`],
        logoutUrls: [`${this.url}/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(PRODUCER_ID_ATTRIBUTE),
    });
    // The newer managed login shows a page for a client only once it has a branding (here Cognito's own).
    new cognito.CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: props.userPool.userPoolId,
      clientId: this.userPoolClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    this.deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [
        props.assets ?? builtPortal(),
        s3deploy.Source.jsonData('config.json', {
          auth: 'cognito',
          domain: cognitoUrl,
          clientId: this.userPoolClient.userPoolClientId,
          redirectUri: `${this.url}/callback`,
        }),
      ],
      // index.html and config.json change under their names: the edge must drop its copies.
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    acknowledgeBucketDeployment(this.deployment, this.bucket);
  }
}

/**
 * BucketDeployment runs CDK's own copy function (one per stack), whose role and runtime cdk-nag
 * flags. Acknowledged on that function and its role, finding by finding.
 */
function acknowledgeBucketDeployment(deployment: s3deploy.BucketDeployment, destination: s3.Bucket): void {
  const role = deployment.handlerRole;
  const handler = role.node.scope;
  if (!handler) throw new Error('BucketDeployment role without its function');
  const stack = Stack.of(destination);
  const destinationArn = `<${stack.getLogicalId(destination.node.defaultChild as CfnElement)}.Arn>`;
  // cdk-nag names a pseudo parameter <AWS::Name> unless the stack's environment fixes its value
  // (the CLI passes the region of its profile).
  const named = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  // The default bootstrap qualifier: a custom one (cdk bootstrap --qualifier) renames this finding.
  const stagingBucket = `arn:${named(stack.partition, 'Partition')}:s3:::cdk-hnb659fds-assets-${named(stack.account, 'AccountId')}-${named(stack.region, 'Region')}`;
  const reasons: Record<string, string> = {
    // The managed policy's ARN is built on the AWS::Partition parameter whatever the environment.
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
      "CDK's BucketDeployment copy function writes its own logs with the AWS managed basic execution policy, and has no other managed policy.",
    'IAM5[Action::s3:GetObject*]':
      'BucketDeployment reads the staged build from the CDK asset bucket; the grant names that bucket only.',
    'IAM5[Action::s3:GetBucket*]':
      'BucketDeployment reads the location of the CDK asset bucket and of the portal bucket, nothing else.',
    'IAM5[Action::s3:List*]':
      'BucketDeployment lists the staged build and the portal bucket to sync one onto the other.',
    'IAM5[Action::s3:DeleteObject*]':
      'BucketDeployment prunes the files of the previous build from the portal bucket, and only from it.',
    'IAM5[Action::s3:Abort*]': 'BucketDeployment aborts its own multipart uploads into the portal bucket.',
    [`IAM5[Resource::${stagingBucket}/*]`]:
      'The CDK bootstrap asset bucket: object keys of staged assets are content hashes, known only at deploy time.',
    [`IAM5[Resource::${destinationArn}/*]`]:
      'Every object of the portal bucket: a deploy replaces the whole build, so it writes and prunes any key.',
    'IAM5[Resource::*]':
      'cloudfront:CreateInvalidation and GetInvalidation have no resource-level permissions; used once per deploy to drop the old index.html and config.json at the edge.',
  };
  Validations.of(role).acknowledge(
    ...Object.entries(reasons).map(([finding, reason]) => ({ id: `AwsSolutions-${finding}`, reason })),
  );
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      "The runtime of CDK's own BucketDeployment function is chosen by aws-cdk-lib and moves with it; it runs only during deployments.",
  });
}
