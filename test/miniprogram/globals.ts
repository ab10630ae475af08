import { parse } from 'acorn';

interface Node {
  readonly type: string;
  readonly [key: string]: unknown;
}

/**
 * The free names a script refers to: identifiers read anywhere in it that no declaration in it
 * binds (the minified bundle gives every local a short name, so one table of declared names is
 * enough). Property names and object keys are not references.
 *
 * @example
 * freeNames('var a = 1; window.b = a;'); // ['window']
 */
export function freeNames(code: string): string[] {
  const declared = new Set<string>();
  const referenced = new Set<string>();
  const bind = (pattern: unknown): void => {
    const p = pattern as Node | null;
    if (!p) return;
    if (p.type === 'Identifier') declared.add(p['name'] as string);
    else if (p.type === 'ObjectPattern') for (const q of p['properties'] as Node[]) bind(q['value'] ?? q['argument']);
    else if (p.type === 'ArrayPattern') for (const q of p['elements'] as Node[]) bind(q);
    else if (p.type === 'AssignmentPattern') bind(p['left']);
    else if (p.type === 'RestElement') bind(p['argument']);
  };
  const visit = (node: Node, parent: Node | undefined, key: string): void => {
    switch (node.type) {
      case 'VariableDeclarator':
        bind(node['id']);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ClassDeclaration':
      case 'ClassExpression':
        bind(node['id']);
        for (const param of (node['params'] as Node[] | undefined) ?? []) bind(param);
        break;
      case 'CatchClause':
        bind(node['param']);
        break;
      case 'Identifier': {
        const property =
          (parent?.type === 'MemberExpression' && key === 'property' && parent['computed'] !== true) ||
          ((parent?.type === 'Property' || parent?.type === 'MethodDefinition') && key === 'key' && parent['computed'] !== true);
        if (!property) referenced.add(node['name'] as string);
        break;
      }
      default:
    }
    for (const [k, value] of Object.entries(node)) {
      if (Array.isArray(value)) for (const child of value as unknown[]) visitChild(child, node, k);
      else visitChild(value, node, k);
    }
  };
  const visitChild = (value: unknown, parent: Node, key: string): void => {
    if (typeof value === 'object' && value !== null && typeof (value as Node).type === 'string') visit(value as Node, parent, key);
  };
  visit(parse(code, { ecmaVersion: 2017, sourceType: 'script' }) as unknown as Node, undefined, '');
  return [...referenced].filter((name) => !declared.has(name)).sort();
}
