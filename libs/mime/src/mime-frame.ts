import type { BodySegmentWriter } from './body-segment.writer';
import { ByteAccumulator } from './byte-accumulator';
import { completeHeader, computeTotals, createNode } from './mime-node.factory';
import type { ContentType, MimeNode } from './mime-tree.types';

/**
 * Where the parser is inside one node: reading its header, streaming a leaf body, in a
 * multipart's preamble/children/epilogue, or inside an encapsulated message.
 */
export type FrameState = 'header' | 'body' | 'preamble' | 'children' | 'epilogue' | 'message';

export interface Frame {
  node: MimeNode;
  depth: number;
  state: FrameState;
  defaultType: ContentType;
  /** Default type for children (message/rfc822 inside multipart/digest). */
  childType: ContentType;
  /** Complete header lines received so far. */
  header: ByteAccumulator;
  /** The header line still being received. */
  line: ByteAccumulator;
  lineFirst: number;
  segment: BodySegmentWriter | null;
  /** `--boundary` while this multipart is looking for delimiters. */
  dashBoundary: Buffer | null;
}

export function newFrame(depth: number, defaultType: ContentType): Frame {
  return {
    node: createNode(defaultType),
    depth,
    state: 'header',
    defaultType,
    childType: defaultType,
    header: new ByteAccumulator(),
    line: new ByteAccumulator(),
    lineFirst: -1,
    segment: null,
    dashBoundary: null,
  };
}

export function finishPreamble(frame: Frame): void {
  const multipart = frame.node.multipart;
  if (multipart && frame.segment) multipart.preamble = frame.segment.finish();
  frame.segment = null;
}

/** Closes whatever the frame still has open (the input ended or an outer boundary arrived). */
export function closeFrame(frame: Frame): void {
  const node = frame.node;
  switch (frame.state) {
    case 'header':
      // A header that never reached its empty line is still a header; the body is empty.
      for (const part of frame.line.take()) frame.header.push(part);
      completeHeader(node, frame.header.concat(), frame.defaultType);
      node.kind = 'leaf';
      node.body = { kind: 'inline', data: Buffer.alloc(0), size: 0, lines: 0, bareLfs: 0 };
      break;
    case 'body':
      if (frame.segment) node.body = frame.segment.finish();
      break;
    case 'preamble':
      finishPreamble(frame);
      node.defects.push('NO_PARTS');
      break;
    case 'children':
      node.defects.push('UNCLOSED_MULTIPART');
      break;
    case 'epilogue':
      if (node.multipart && frame.segment) node.multipart.epilogue = frame.segment.finish();
      break;
    case 'message':
      break;
  }
  frame.segment = null;
  computeTotals(node);
}
