import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Document } from './document.entity.js';

/**
 * What was issued, byte for byte: the HTML and the PDF of a document as they were on the day it
 * was issued, with their SHA-256. The database refuses to change or delete a row (triggers), so
 * an issued document reads the same forever, whatever is recorded after.
 */
@Entity({ name: 'issued_documents' })
export class IssuedDocument {
  @PrimaryColumn({ name: 'document_id', type: 'integer' })
  documentId: number;

  @OneToOne(() => Document, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id' })
  document?: Document;

  @Column({ name: 'html', type: 'text' })
  html: string;

  /** The PDF, base64 (a text column reads alike on SQLite and PostgreSQL). */
  @Column({ name: 'pdf', type: 'text' })
  pdf: string;

  /** SHA-256 of the HTML's UTF-8 bytes, in hex. */
  @Column({ name: 'html_sha256', type: 'varchar', length: 64 })
  htmlSha256: string;

  /** SHA-256 of the PDF's bytes, in hex. */
  @Column({ name: 'pdf_sha256', type: 'varchar', length: 64 })
  pdfSha256: string;

  @Column({ name: 'pdf_pages', type: 'integer' })
  pdfPages: number;

  @CreateDateColumn({ name: 'issued_at' })
  issuedAt: Date;
}
