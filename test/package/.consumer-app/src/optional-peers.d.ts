// The .d.ts files of @nestjs/apollo and @nestjs/graphql import types from optional peers that this app
// does not install (Apollo Federation's gateway; ts-morph, for Nest's CLI plugin). With skipLibCheck: false
// every import must resolve, so these stand in for the few types they name. Nothing here concerns nest-cognito.
declare module '@apollo/gateway' {
  export type GatewayConfig = unknown;
}

declare module 'ts-morph' {
  export type OptionalKind<T> = T;
  export type SourceFile = unknown;
  export type ClassDeclarationStructure = unknown;
  export type EnumDeclarationStructure = unknown;
  export type InterfaceDeclarationStructure = unknown;
  export type MethodDeclarationStructure = unknown;
  export type MethodSignatureStructure = unknown;
  export type ParameterDeclarationStructure = unknown;
  export type PropertyDeclarationStructure = unknown;
  export type PropertySignatureStructure = unknown;
  export type TypeAliasDeclarationStructure = unknown;
}
