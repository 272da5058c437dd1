// The client is checked as browser code by client/tsconfig.json. Where the tests compile it against
// Node's types instead of the DOM's, this is the one name of the DOM its generated SDK uses that Node's lack.
type BodyInit = NonNullable<RequestInit['body']>;
