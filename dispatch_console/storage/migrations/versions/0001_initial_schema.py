"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import dispatch_console.storage.types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', dispatch_console.storage.types.UTCDateTime(), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('origin', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=200), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('change', sa.String(length=10), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_log_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('company',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('phone', sa.String(length=60), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('tax_rate', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=True),
    sa.Column('payment_terms_days', sa.Integer(), nullable=False),
    sa.Column('travel_speed_kmh', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company'))
    )
    counter = op.create_table('counter',
    sa.Column('name', sa.String(length=20), nullable=False),
    sa.Column('next_value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_counter'))
    )
    # The series exist from the start, so two PCs taking the first number lock the same row.
    op.bulk_insert(counter, [
        {'name': 'work_order', 'next_value': 1001},
        {'name': 'work_request', 'next_value': 1001},
        {'name': 'invoice', 'next_value': 1001},
    ])
    op.create_table('customer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('billing_address', sa.Text(), nullable=True),
    sa.Column('phone', sa.String(length=60), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('tax_rate', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer')),
    sa.UniqueConstraint('code', name=op.f('uq_customer_code'))
    )
    op.create_table('part',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('unit_price', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_part')),
    sa.UniqueConstraint('sku', name=op.f('uq_part_sku'))
    )
    op.create_table('skill',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skill')),
    sa.UniqueConstraint('code', name=op.f('uq_skill_code'))
    )
    op.create_table('technician',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=60), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('hourly_rate', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=True),
    sa.Column('home_lat', sa.Float(), nullable=True),
    sa.Column('home_lon', sa.Float(), nullable=True),
    sa.Column('shift_start', sa.Time(), nullable=False),
    sa.Column('shift_end', sa.Time(), nullable=False),
    sa.Column('workdays', sa.String(length=40), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_technician')),
    sa.UniqueConstraint('code', name=op.f('uq_technician_code'))
    )
    op.create_table('invoice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('tax_rate', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=False),
    sa.Column('subtotal', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=False),
    sa.Column('tax', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=False),
    sa.Column('total', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=False),
    sa.Column('created_at', dispatch_console.storage.types.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_invoice_customer_id_customer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice')),
    sa.UniqueConstraint('number', name=op.f('uq_invoice_number'))
    )
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoice_customer_id'), ['customer_id'], unique=False)

    op.create_table('site',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('contact_phone', sa.String(length=60), nullable=True),
    sa.Column('access_notes', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_site_customer_id_customer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site')),
    sa.UniqueConstraint('code', name=op.f('uq_site_code'))
    )
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_customer_id'), ['customer_id'], unique=False)

    op.create_table('technician_skill',
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('certified_until', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['skill_id'], ['skill.id'], name=op.f('fk_technician_skill_skill_id_skill')),
    sa.ForeignKeyConstraint(['technician_id'], ['technician.id'], name=op.f('fk_technician_skill_technician_id_technician'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('technician_id', 'skill_id', name=op.f('pk_technician_skill'))
    )
    op.create_table('time_off',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('start', dispatch_console.storage.types.UTCDateTime(), nullable=False),
    sa.Column('end', dispatch_console.storage.types.UTCDateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['technician_id'], ['technician.id'], name=op.f('fk_time_off_technician_id_technician'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_time_off'))
    )
    with op.batch_alter_table('time_off', schema=None) as batch_op:
        batch_op.create_index('ix_time_off_tech_start', ['technician_id', 'start'], unique=False)

    op.create_table('asset',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=60), nullable=True),
    sa.Column('make', sa.String(length=100), nullable=True),
    sa.Column('model', sa.String(length=100), nullable=True),
    sa.Column('serial', sa.String(length=100), nullable=True),
    sa.Column('installed_on', sa.Date(), nullable=True),
    sa.Column('warranty_until', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_asset_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_asset')),
    sa.UniqueConstraint('code', name=op.f('uq_asset_code'))
    )
    with op.batch_alter_table('asset', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_asset_site_id'), ['site_id'], unique=False)

    op.create_table('service_agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('scope', sa.Text(), nullable=True),
    sa.Column('not_to_exceed', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_service_agreement_customer_id_customer')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_service_agreement_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_agreement'))
    )
    with op.batch_alter_table('service_agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_agreement_customer_id'), ['customer_id'], unique=False)

    op.create_table('pm_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=True),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('checklist', sa.JSON(), nullable=False),
    sa.Column('estimated_hours', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=False),
    sa.Column('rrule', sa.Text(), nullable=False),
    sa.Column('start_wall', sa.DateTime(), nullable=False),
    sa.Column('lead_days', sa.Integer(), nullable=False),
    sa.Column('preferred_technician_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['asset_id'], ['asset.id'], name=op.f('fk_pm_plan_asset_id_asset')),
    sa.ForeignKeyConstraint(['preferred_technician_id'], ['technician.id'], name=op.f('fk_pm_plan_preferred_technician_id_technician')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_pm_plan_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pm_plan')),
    sa.UniqueConstraint('code', name=op.f('uq_pm_plan_code'))
    )
    op.create_table('work_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=True),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('contact_phone', sa.String(length=60), nullable=True),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('priority', sa.String(length=20), nullable=False),
    sa.Column('received_at', dispatch_console.storage.types.UTCDateTime(), nullable=False),
    sa.Column('reviewed_by', sa.String(length=120), nullable=True),
    sa.Column('reviewed_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['asset_id'], ['asset.id'], name=op.f('fk_work_request_asset_id_asset')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_work_request_customer_id_customer')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_work_request_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_request')),
    sa.UniqueConstraint('number', name=op.f('uq_work_request_number'))
    )
    with op.batch_alter_table('work_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_request_status'), ['status'], unique=False)

    op.create_table('pm_plan_skill',
    sa.Column('pm_plan_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['pm_plan_id'], ['pm_plan.id'], name=op.f('fk_pm_plan_skill_pm_plan_id_pm_plan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skill.id'], name=op.f('fk_pm_plan_skill_skill_id_skill')),
    sa.PrimaryKeyConstraint('pm_plan_id', 'skill_id', name=op.f('pk_pm_plan_skill'))
    )
    op.create_table('work_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('priority', sa.String(length=20), nullable=False),
    sa.Column('priority_rank', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('estimated_hours', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=False),
    sa.Column('due_by', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('created_at', dispatch_console.storage.types.UTCDateTime(), nullable=False),
    sa.Column('task_codes', sa.JSON(), nullable=False),
    sa.Column('pm_plan_id', sa.Integer(), nullable=True),
    sa.Column('pm_occurrence', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('hold_reason', sa.Text(), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('started_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('completed_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('verified_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('verified_by', sa.String(length=120), nullable=True),
    sa.Column('billable', sa.Boolean(), nullable=False),
    sa.Column('closed_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['asset_id'], ['asset.id'], name=op.f('fk_work_order_asset_id_asset')),
    sa.ForeignKeyConstraint(['pm_plan_id'], ['pm_plan.id'], name=op.f('fk_work_order_pm_plan_id_pm_plan')),
    sa.ForeignKeyConstraint(['request_id'], ['work_request.id'], name=op.f('fk_work_order_request_id_work_request')),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_work_order_site_id_site')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_order')),
    sa.UniqueConstraint('number', name=op.f('uq_work_order_number')),
    sa.UniqueConstraint('pm_plan_id', 'pm_occurrence', name='uq_work_order_pm_occurrence'),
    sa.UniqueConstraint('request_id', name=op.f('uq_work_order_request_id'))
    )
    with op.batch_alter_table('work_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_order_asset_id'), ['asset_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_order_site_id'), ['site_id'], unique=False)
        batch_op.create_index('ix_work_order_status_priority_due', ['status', 'priority_rank', 'due_by'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('caption', sa.Text(), nullable=True),
    sa.Column('added_by', sa.String(length=120), nullable=False),
    sa.Column('added_at', dispatch_console.storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_order.id'], name=op.f('fk_attachment_work_order_id_work_order'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_work_order_id'), ['work_order_id'], unique=False)

    op.create_table('booking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('start', dispatch_console.storage.types.UTCDateTime(), nullable=False),
    sa.Column('end', dispatch_console.storage.types.UTCDateTime(), nullable=False),
    sa.Column('confirmed_conflicts', sa.Text(), nullable=True),
    sa.Column('confirmed_by', sa.String(length=120), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['technician_id'], ['technician.id'], name=op.f('fk_booking_technician_id_technician')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_order.id'], name=op.f('fk_booking_work_order_id_work_order'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking'))
    )
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_end'), ['end'], unique=False)
        batch_op.create_index('ix_booking_tech_start', ['technician_id', 'start'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_work_order_id'), ['work_order_id'], unique=False)

    op.create_table('checklist_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('done_by', sa.String(length=120), nullable=True),
    sa.Column('done_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_order.id'], name=op.f('fk_checklist_item_work_order_id_work_order'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_item'))
    )
    with op.batch_alter_table('checklist_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_item_work_order_id'), ['work_order_id'], unique=False)

    op.create_table('invoice_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('quantity', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=False),
    sa.Column('unit_price', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=False),
    sa.Column('amount', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=False),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoice.id'], name=op.f('fk_invoice_line_invoice_id_invoice'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_order.id'], name=op.f('fk_invoice_line_work_order_id_work_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_line'))
    )
    with op.batch_alter_table('invoice_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoice_line_invoice_id'), ['invoice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invoice_line_work_order_id'), ['work_order_id'], unique=False)

    op.create_table('labor_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('start', dispatch_console.storage.types.UTCDateTime(), nullable=False),
    sa.Column('end', dispatch_console.storage.types.UTCDateTime(), nullable=False),
    sa.Column('billable', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['technician_id'], ['technician.id'], name=op.f('fk_labor_entry_technician_id_technician')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_order.id'], name=op.f('fk_labor_entry_work_order_id_work_order'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_labor_entry'))
    )
    with op.batch_alter_table('labor_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_labor_entry_work_order_id'), ['work_order_id'], unique=False)

    op.create_table('note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('author', sa.String(length=120), nullable=False),
    sa.Column('at', dispatch_console.storage.types.UTCDateTime(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_order.id'], name=op.f('fk_note_work_order_id_work_order'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note'))
    )
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_work_order_id'), ['work_order_id'], unique=False)

    op.create_table('part_used',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('part_id', sa.Integer(), nullable=False),
    sa.Column('quantity', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=False),
    sa.Column('unit_price', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=True),
    sa.ForeignKeyConstraint(['part_id'], ['part.id'], name=op.f('fk_part_used_part_id_part')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_order.id'], name=op.f('fk_part_used_work_order_id_work_order'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_part_used'))
    )
    with op.batch_alter_table('part_used', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_part_used_work_order_id'), ['work_order_id'], unique=False)

    op.create_table('planned_part',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('part_id', sa.Integer(), nullable=False),
    sa.Column('quantity', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=False),
    sa.ForeignKeyConstraint(['part_id'], ['part.id'], name=op.f('fk_planned_part_part_id_part')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_order.id'], name=op.f('fk_planned_part_work_order_id_work_order'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planned_part'))
    )
    with op.batch_alter_table('planned_part', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planned_part_work_order_id'), ['work_order_id'], unique=False)

    op.create_table('scope_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('extra_hours', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=True),
    sa.Column('extra_cost', dispatch_console.storage.types.ExactDecimal(precision=14, scale=4), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('requested_by', sa.String(length=120), nullable=False),
    sa.Column('requested_at', dispatch_console.storage.types.UTCDateTime(), nullable=False),
    sa.Column('decided_by', sa.String(length=120), nullable=True),
    sa.Column('decided_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', dispatch_console.storage.types.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_order.id'], name=op.f('fk_scope_change_work_order_id_work_order'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scope_change')),
    sa.UniqueConstraint('work_order_id', 'seq', name='uq_scope_change_seq')
    )
    op.create_table('signature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('signer_name', sa.String(length=200), nullable=False),
    sa.Column('signed_at', dispatch_console.storage.types.UTCDateTime(), nullable=False),
    sa.Column('image_png', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_order.id'], name=op.f('fk_signature_work_order_id_work_order'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signature')),
    sa.UniqueConstraint('work_order_id', name=op.f('uq_signature_work_order_id'))
    )
    op.create_table('work_order_skill',
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['skill_id'], ['skill.id'], name=op.f('fk_work_order_skill_skill_id_skill')),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_order.id'], name=op.f('fk_work_order_skill_work_order_id_work_order'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('work_order_id', 'skill_id', name=op.f('pk_work_order_skill'))
    )


def downgrade() -> None:
    op.drop_table('work_order_skill')
    op.drop_table('signature')
    op.drop_table('scope_change')
    with op.batch_alter_table('planned_part', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planned_part_work_order_id'))

    op.drop_table('planned_part')
    with op.batch_alter_table('part_used', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_part_used_work_order_id'))

    op.drop_table('part_used')
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_work_order_id'))

    op.drop_table('note')
    with op.batch_alter_table('labor_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_labor_entry_work_order_id'))

    op.drop_table('labor_entry')
    with op.batch_alter_table('invoice_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoice_line_work_order_id'))
        batch_op.drop_index(batch_op.f('ix_invoice_line_invoice_id'))

    op.drop_table('invoice_line')
    with op.batch_alter_table('checklist_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_item_work_order_id'))

    op.drop_table('checklist_item')
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_work_order_id'))
        batch_op.drop_index('ix_booking_tech_start')
        batch_op.drop_index(batch_op.f('ix_booking_end'))

    op.drop_table('booking')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_work_order_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('work_order', schema=None) as batch_op:
        batch_op.drop_index('ix_work_order_status_priority_due')
        batch_op.drop_index(batch_op.f('ix_work_order_site_id'))
        batch_op.drop_index(batch_op.f('ix_work_order_asset_id'))

    op.drop_table('work_order')
    op.drop_table('pm_plan_skill')
    with op.batch_alter_table('work_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_request_status'))

    op.drop_table('work_request')
    op.drop_table('pm_plan')
    with op.batch_alter_table('service_agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_agreement_customer_id'))

    op.drop_table('service_agreement')
    with op.batch_alter_table('asset', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_asset_site_id'))

    op.drop_table('asset')
    with op.batch_alter_table('time_off', schema=None) as batch_op:
        batch_op.drop_index('ix_time_off_tech_start')

    op.drop_table('time_off')
    op.drop_table('technician_skill')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_customer_id'))

    op.drop_table('site')
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoice_customer_id'))

    op.drop_table('invoice')
    op.drop_table('technician')
    op.drop_table('skill')
    op.drop_table('part')
    op.drop_table('customer')
    op.drop_table('counter')
    op.drop_table('company')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_entity')
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
