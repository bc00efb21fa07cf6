from django.contrib import admin

from .models import Order, Payment, Product

admin.site.register(Product)
admin.site.register(Order)
admin.site.register(Payment)
